// zld JupyterLab test host: entry point. Sets the public path from the page config, loads the prebuilt
// (federated) extensions the server lists so that shared modules are negotiated, then starts the application.
/* global __webpack_init_sharing__ __webpack_share_scopes__ */

function pageOption(name) {
  const el = document.getElementById('jupyter-config-data');
  const data = el ? JSON.parse(el.textContent || '{}') : {};
  return data[name] || '';
}

// eslint-disable-next-line no-undef
__webpack_public_path__ = pageOption('fullStaticUrl') + '/';

function addScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onload = resolve;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

async function loadFederated(base, data) {
  await addScript(`${base}/${data.name}/${data.load}`);
  await __webpack_init_sharing__('default');
  await window._JUPYTERLAB[data.name].init(__webpack_share_scopes__.default);
}

(async () => {
  const federated = pageOption('federated_extensions') || [];
  const base = pageOption('fullLabextensionsUrl');
  const results = await Promise.allSettled(federated.map((data) => loadFederated(base, data)));
  for (const r of results) if (r.status === 'rejected') console.error(r.reason);
  const { main } = await import('./main.js');
  await main(federated);
})();

/**
 * What the zld JupyterLab test host is made of: the JupyterLab 4.6.4 plugin packages a notebook user needs
 * (file browser, text editor, launcher, notebooks, running kernels, themes), the plugins it switches off, and the packages
 * it shares as singletons with prebuilt (federated) extensions such as `@zld/jupyterlab-ext`.
 *
 * @example
 * ```js
 * const { extensions } = require('./host-config.cjs');
 * ```
 */
module.exports = {
  /** Plugin packages bundled into the host (their default export is a plugin or a list of plugins). */
  extensions: [
    '@jupyterlab/application-extension',
    '@jupyterlab/apputils-extension',
    '@jupyterlab/codemirror-extension',
    '@jupyterlab/completer-extension',
    '@jupyterlab/docmanager-extension',
    '@jupyterlab/documentsearch-extension',
    '@jupyterlab/filebrowser-extension',
    '@jupyterlab/fileeditor-extension',
    '@jupyterlab/launcher-extension',
    '@jupyterlab/mainmenu-extension',
    '@jupyterlab/markedparser-extension',
    '@jupyterlab/notebook-extension',
    '@jupyterlab/rendermime-extension',
    '@jupyterlab/running-extension',
    '@jupyterlab/shortcuts-extension',
    '@jupyterlab/statusbar-extension',
    '@jupyterlab/theme-dark-extension',
    '@jupyterlab/theme-light-extension',
    '@jupyterlab/translation-extension',
    '@jupyterlab/ui-components-extension',
  ],
  /** Plugin ids (or whole packages) switched off: the news popup covers the UI; no language server here. */
  disabled: [
    '@jupyterlab/apputils-extension:announcements',
    '@jupyterlab/fileeditor-extension:language-server',
    '@jupyterlab/notebook-extension:language-server',
    '@jupyterlab/notebook-extension:toc',
    '@jupyterlab/notebook-extension:update-raw-mimetype',
  ],
  /** Packages shared by the host besides every installed `@jupyterlab/*` and `@lumino/*` package. */
  extraShared: [
    '@codemirror/language',
    '@codemirror/state',
    '@codemirror/view',
    '@jupyter/react-components',
    '@jupyter/web-components',
    '@jupyter/ydoc',
    '@lezer/common',
    '@lezer/highlight',
    '@microsoft/fast-element',
    '@microsoft/fast-foundation',
    'react',
    'react-dom',
    'yjs',
  ],
  /** Shared packages that must exist once on the page (JupyterLab's own list for 4.6). */
  singletons: [
    '@codemirror/language', '@codemirror/state', '@codemirror/view',
    '@jupyter/react-components', '@jupyter/web-components', '@jupyter/ydoc',
    '@jupyterlab/application', '@jupyterlab/apputils', '@jupyterlab/cell-toolbar', '@jupyterlab/codeeditor',
    '@jupyterlab/codemirror', '@jupyterlab/completer', '@jupyterlab/coreutils', '@jupyterlab/docmanager',
    '@jupyterlab/documentsearch', '@jupyterlab/filebrowser', '@jupyterlab/launcher', '@jupyterlab/logconsole',
    '@jupyterlab/lsp', '@jupyterlab/mainmenu', '@jupyterlab/mermaid', '@jupyterlab/metadataform',
    '@jupyterlab/notebook', '@jupyterlab/rendermime', '@jupyterlab/rendermime-interfaces', '@jupyterlab/services',
    '@jupyterlab/settingregistry', '@jupyterlab/statedb', '@jupyterlab/statusbar', '@jupyterlab/toc',
    '@jupyterlab/translation', '@jupyterlab/ui-components', '@jupyterlab/workspaces',
    '@lezer/common', '@lezer/highlight',
    '@lumino/algorithm', '@lumino/application', '@lumino/commands', '@lumino/coreutils', '@lumino/disposable',
    '@lumino/domutils', '@lumino/dragdrop', '@lumino/keyboard', '@lumino/messaging', '@lumino/polling',
    '@lumino/properties', '@lumino/signaling', '@lumino/virtualdom', '@lumino/widgets',
    '@microsoft/fast-element', '@microsoft/fast-foundation', 'react', 'react-dom', 'yjs',
  ],
};

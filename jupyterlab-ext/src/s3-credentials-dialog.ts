/**
 * The JupyterLab side of in-memory S3 credentials: the dialog that asks for an access key id, a secret and an
 * optional session token (password fields, no autocomplete, values wiped from the form when it closes), and
 * the "Set S3 Credentials…" command (for an endpoint the `s3Endpoints` setting lets the browser call, before any
 * read is refused) and the "Forget S3 Credentials" command.
 *
 * @example
 * ```ts
 * const credentials = new S3CredentialStore(askS3Credentials);
 * addCredentialCommands(app, credentials, { endpoints: () => settings.s3Endpoints, context: () => undefined });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, InputDialog, Notification, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from './command-ids.js';
import { el } from './dom.js';
import { ZldError } from './core.js';
import { endpointOrigin, type CredentialsRequest, type S3CredentialStore, type S3Secret } from './s3-credentials.js';
import type { S3EndpointSetting } from './store-opener.js';

const WHY: Record<CredentialsRequest['reason'], (r: CredentialsRequest) => string> = {
  denied: (r) => `Reading ${r.storeUrl} needs credentials: ${r.endpoint} refused an unsigned request.`,
  rejected: (r) => `${r.endpoint} refused the credentials given for ${r.storeUrl}: check them.`,
  prompt: (r) => `The settings ask for credentials to read ${r.storeUrl} from ${r.endpoint}.`,
  user: (r) => `Keys for reading ${r.storeUrl} directly from the browser at ${r.endpoint}.`,
};

class CredentialsBody extends Widget implements Dialog.IBodyWidget<S3Secret> {
  private readonly fields: Record<keyof S3Secret, HTMLInputElement>;

  constructor(request: CredentialsRequest) {
    super();
    this.addClass('zld-CredentialsForm');
    const input = (name: keyof S3Secret, label: string, type: string) =>
      el('input', { cls: 'jp-mod-styled zld-DialogInput', attrs: { type, name, autocomplete: 'off', spellcheck: 'false', 'aria-label': label } });
    this.fields = {
      accessKeyId: input('accessKeyId', 'Access key id', 'text'),
      secretAccessKey: input('secretAccessKey', 'Secret access key', 'password'),
      sessionToken: input('sessionToken', 'Session token (optional)', 'password'),
    };
    this.node.append(
      el('p', { text: WHY[request.reason](request) }),
      el('p', { cls: 'zld-Muted', text: 'The credentials are kept in this page’s memory only, until you reload it or run “Forget S3 Credentials”.' }),
      ...Object.values(this.fields).map((f) => el('label', { cls: 'zld-CredentialsField' }, el('span', { text: f.getAttribute('aria-label') ?? '' }), f)),
    );
  }

  getValue(): S3Secret {
    const { accessKeyId, secretAccessKey, sessionToken } = this.fields;
    return { accessKeyId: accessKeyId.value.trim(), secretAccessKey: secretAccessKey.value, sessionToken: sessionToken.value.trim() || undefined };
  }

  override dispose(): void {
    for (const f of Object.values(this.fields)) f.value = '';
    super.dispose();
  }

  protected override onAfterAttach(): void {
    this.fields.accessKeyId.focus();
  }
}

/** Ask for S3 keys in a dialog; undefined when cancelled. */
export async function askS3Credentials(request: CredentialsRequest): Promise<S3Secret | undefined> {
  const body = new CredentialsBody(request);
  const result = await showDialog({
    title: `S3 credentials for ${request.endpoint}`,
    body,
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Use credentials' })],
    focusNodeSelector: 'input',
  });
  return result.button.accept && result.value ? result.value : undefined;
}

export interface CredentialCommandOptions {
  /** The `s3Endpoints` setting. */
  endpoints: () => S3EndpointSetting[];
  /** The browser S3 store the command was invoked on (context menu or selection), if any. */
  context: () => { endpoint: string; storeUrl: string } | undefined;
  notifyError: (e: unknown) => void;
}

function bucketsText(e: S3EndpointSetting): string {
  const b = (e.buckets ?? []).filter((x) => x !== '*');
  return b.length ? b.map((x) => `s3://${x}`).join(', ') : 'its buckets';
}

/** The endpoint to set keys for: the context store's, else the only browser endpoint, else the user picks. */
async function pickEndpoint(opts: CredentialCommandOptions): Promise<{ endpoint: string; storeUrl: string } | undefined> {
  const ctx = opts.context();
  if (ctx) return ctx;
  const browser = opts.endpoints().filter((e) => e.browser);
  const origins = [...new Set(browser.map((e) => endpointOrigin(e.endpoint)))];
  if (origins.length === 0) {
    throw new ZldError('BadInput', 'no S3 endpoint in the settings (s3Endpoints) has "browser": true: keys set here are only used for reads from the browser; kernel reads use the kernel’s credentials');
  }
  let endpoint = origins[0]!;
  if (origins.length > 1) {
    const r = await InputDialog.getItem({ title: 'Set S3 credentials for', label: 'Endpoint', items: origins });
    if (!r.button.accept || !r.value) return undefined;
    endpoint = r.value;
  }
  const storeUrl = browser.filter((e) => endpointOrigin(e.endpoint) === endpoint).map(bucketsText).join(', ');
  return { endpoint, storeUrl };
}

export function addCredentialCommands(app: JupyterFrontEnd, credentials: S3CredentialStore, opts: CredentialCommandOptions): void {
  app.commands.addCommand(CommandIDs.setS3Credentials, {
    label: 'Zarr: Set S3 Credentials…',
    caption: 'Give the S3 keys for direct browser reads now (held in this page’s memory only, never in the settings)',
    execute: async () => {
      try {
        const target = await pickEndpoint(opts);
        if (!target) return;
        const secret = await credentials.ask({ endpoint: target.endpoint, storeUrl: target.storeUrl, reason: 'user' });
        if (secret) Notification.success(`S3 credentials for ${endpointOrigin(target.endpoint)} are held in this page’s memory.`, { autoClose: 5000 });
      } catch (e) {
        opts.notifyError(e);
      }
    },
  });
  app.commands.addCommand(CommandIDs.forgetS3Credentials, {
    label: 'Zarr: Forget S3 Credentials',
    caption: 'Drop the S3 keys held in this page for direct browser reads',
    isEnabled: () => credentials.endpoints.length > 0,
    execute: () => {
      const n = credentials.forget();
      Notification.info(n ? `Forgot the S3 credentials of ${n} endpoint${n > 1 ? 's' : ''}.` : 'No S3 credentials were held.', { autoClose: 4000 });
    },
  });
}

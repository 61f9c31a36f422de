/**
 * The Python helper the kernel store sends to a kernel once per session. It defines one object,
 * `_zld_bridge_v1`, whose `run(request_json)` reads keys, ranges and listings from a local folder, S3
 * (boto3, with the kernel's own credentials) or HTTP(S) (urllib), and publishes the answer as a
 * `display_data` of MIME type {@link BYTES_MIME}: `{"ok": true, "items": [...]}` or
 * `{"ok": false, "code": ZldErrorCode, "message": str}`. Bytes travel base64-encoded. Keys with `.`/`..`
 * segments, empty segments, backslashes or NUL are refused in Python too. Standard library only, plus
 * boto3 when an `s3://` store is read (its absence is reported by name).
 */

export const BRIDGE_NAMESPACE = '_zld_bridge_v1';
export const BYTES_MIME = 'application/vnd.zld.bytes+json';

export const PYTHON_HELPER = String.raw`
def _zld_bridge_v1_make():
    import base64, json, os, types, urllib.error, urllib.parse, urllib.request

    MIME = 'application/vnd.zld.bytes+json'

    class Fail(Exception):
        def __init__(self, code, message):
            Exception.__init__(self, message)
            self.code = code

    def parts_of(key):
        if not isinstance(key, str) or not key.startswith('/'):
            raise Fail('BadInput', 'unsafe key %r: keys must start with "/"' % (key,))
        if '\x00' in key or '\\' in key:
            raise Fail('BadInput', 'unsafe key %r: NUL or backslash' % (key,))
        parts = key[1:].split('/')
        for i, p in enumerate(parts):
            if p in ('.', '..'):
                raise Fail('BadInput', 'unsafe key %r: "%s" segment' % (key, p))
            if p == '' and i != len(parts) - 1:
                raise Fail('BadInput', 'unsafe key %r: empty path segment' % (key,))
        return [p for p in parts if p]

    class Local(object):
        def __init__(self, root):
            self.root = os.path.abspath(os.path.expanduser(root))
            if not os.path.isdir(self.root):
                raise Fail('NotFound', 'no folder %s in the kernel' % (self.root,))

        def path(self, key):
            return os.path.join(self.root, *parts_of(key))

        def get(self, key, rng):
            try:
                with open(self.path(key), 'rb') as f:
                    if rng is None:
                        return f.read()
                    if 'suffixLength' in rng:
                        size = os.fstat(f.fileno()).st_size
                        f.seek(max(0, size - int(rng['suffixLength'])))
                        return f.read()
                    f.seek(int(rng['offset']))
                    return f.read(int(rng['length']))
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                return None
            except PermissionError:
                raise Fail('AccessDenied', 'permission denied reading %s' % (key,))

        def list(self, prefix):
            keys, prefixes = [], []
            try:
                with os.scandir(self.path(prefix)) as it:
                    for e in it:
                        (prefixes if e.is_dir() else keys).append(e.name)
            except (FileNotFoundError, NotADirectoryError):
                pass
            except PermissionError:
                raise Fail('AccessDenied', 'permission denied listing %s' % (prefix,))
            return {'keys': sorted(keys), 'prefixes': sorted(prefixes)}

    class S3(object):
        def __init__(self, url, options):
            try:
                import boto3
                from botocore.config import Config
            except ImportError:
                raise Fail('Unsupported', 'boto3 is not installed in the kernel: it is needed to read %s (install python3-boto3 or pip install boto3)' % (url,))
            u = urllib.parse.urlsplit(url)
            self.bucket = u.netloc
            self.prefix = urllib.parse.unquote(u.path).strip('/')
            cfg = {'retries': {'max_attempts': 2}}
            kwargs = {}
            if options.get('endpoint'):
                kwargs['endpoint_url'] = options['endpoint']
                cfg['s3'] = {'addressing_style': 'path'}
            if options.get('region'):
                kwargs['region_name'] = options['region']
            if options.get('anonymous'):
                from botocore import UNSIGNED
                cfg['signature_version'] = UNSIGNED
            self.client = boto3.session.Session().client('s3', config=Config(**cfg), **kwargs)
            self.url = url

        def object_key(self, key):
            return '/'.join([p for p in [self.prefix] + parts_of(key) if p])

        def fail(self, e, key):
            from botocore.exceptions import ClientError, NoCredentialsError
            if isinstance(e, NoCredentialsError):
                return Fail('AccessDenied', 'no S3 credentials in the kernel environment for %s' % (self.url,))
            if isinstance(e, ClientError):
                code = e.response.get('Error', {}).get('Code', '')
                status = e.response.get('ResponseMetadata', {}).get('HTTPStatusCode', 0)
                if code in ('AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch') or status in (401, 403):
                    return Fail('AccessDenied', 'S3 refused access to %s%s (%s)' % (self.url, key, code or status))
                if code == 'NoSuchBucket':
                    return Fail('NotFound', 'no bucket %s' % (self.bucket,))
                return Fail('Remote', 'S3 error %s for %s%s' % (code or status, self.url, key))
            return Fail('Network', 'S3 request for %s%s failed: %s' % (self.url, key, e))

        def get(self, key, rng):
            args = {'Bucket': self.bucket, 'Key': self.object_key(key)}
            if rng is not None:
                if 'suffixLength' in rng:
                    size = self.client.head_object(**args)['ContentLength']
                    start = max(0, size - int(rng['suffixLength']))
                    if start >= size:
                        return b''
                    args['Range'] = 'bytes=%d-%d' % (start, size - 1)
                elif int(rng['length']) <= 0:
                    return b''
                else:
                    args['Range'] = 'bytes=%d-%d' % (int(rng['offset']), int(rng['offset']) + int(rng['length']) - 1)
            try:
                return self.client.get_object(**args)['Body'].read()
            except Exception as e:
                code = getattr(e, 'response', {}).get('Error', {}).get('Code', '')
                if code in ('NoSuchKey', '404', 'NotFound'):
                    return None
                if code == 'InvalidRange':
                    return b''
                raise self.fail(e, key)

        def list(self, prefix):
            base = self.object_key(prefix)
            base = base + '/' if base else ''
            keys, prefixes = [], []
            try:
                for page in self.client.get_paginator('list_objects_v2').paginate(Bucket=self.bucket, Prefix=base, Delimiter='/'):
                    keys += [o['Key'][len(base):] for o in page.get('Contents', [])]
                    prefixes += [p['Prefix'][len(base):].rstrip('/') for p in page.get('CommonPrefixes', [])]
            except Exception as e:
                raise self.fail(e, prefix)
            return {'keys': sorted(k for k in keys if k), 'prefixes': sorted(p for p in prefixes if p)}

    class Http(object):
        def __init__(self, url):
            self.url = url.rstrip('/')

        def get(self, key, rng):
            req = urllib.request.Request(self.url + '/' + '/'.join(urllib.parse.quote(p) for p in parts_of(key)))
            if rng is not None:
                if 'suffixLength' in rng:
                    req.add_header('Range', 'bytes=-%d' % int(rng['suffixLength']))
                else:
                    req.add_header('Range', 'bytes=%d-%d' % (int(rng['offset']), int(rng['offset']) + int(rng['length']) - 1))
            try:
                with urllib.request.urlopen(req, timeout=60) as res:
                    return res.read()
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    return None
                raise Fail('AccessDenied' if e.code in (401, 403) else 'Remote', 'HTTP %d for %s' % (e.code, key))
            except OSError as e:
                raise Fail('Network', 'cannot reach %s: %s' % (self.url, e))

        def list(self, prefix):
            raise Fail('Unsupported', 'HTTP stores cannot be listed: %s' % (self.url,))

    stores = {}

    def open_store(spec):
        ident = json.dumps(spec, sort_keys=True)
        if ident not in stores:
            url = spec['url']
            if url.startswith('s3://'):
                stores[ident] = S3(url, spec.get('options') or {})
            elif url.startswith('http://') or url.startswith('https://'):
                stores[ident] = Http(url)
            else:
                stores[ident] = Local(url)
        return stores[ident]

    def b64(data):
        return None if data is None else base64.b64encode(data).decode('ascii')

    def answer(payload):
        try:
            from IPython.display import display
            display({MIME: payload}, raw=True)
        except ImportError:
            print(json.dumps({MIME: payload}))

    def run(request_json):
        try:
            req = json.loads(request_json)
            store = open_store(req['store'])
            op = req['op']
            if op == 'get':
                items = [b64(store.get(k, None)) for k in req['keys']]
            elif op == 'range':
                items = [b64(store.get(req['key'], req['range']))]
            elif op == 'list':
                items = [store.list(req['prefix'])]
            else:
                raise Fail('Internal', 'unknown operation %r' % (op,))
            answer({'ok': True, 'items': items})
        except Fail as e:
            answer({'ok': False, 'code': e.code, 'message': str(e)})
        except Exception as e:
            answer({'ok': False, 'code': 'Remote', 'message': '%s: %s' % (type(e).__name__, e)})

    return types.SimpleNamespace(run=run, version=1)


_zld_bridge_v1 = _zld_bridge_v1_make()
del _zld_bridge_v1_make
`;

/**
 * Errors as the Argo Server (grpc-gateway) returns them: an HTTP status and a JSON body
 * `{"code": <grpc code>, "message": "..."}` (the `grpc.gateway.runtime.Error` definition of swagger.json).
 * Inside streams the same error is `{"error":{"grpc_code","http_code","message","http_status"}}`.
 *
 * @example
 * ```ts
 * throw ArgoError.notFound('workflows.argoproj.io "hello" not found');
 * ```
 */

const HTTP: Record<number, [status: number, text: string]> = {
  3: [400, 'Bad Request'],
  5: [404, 'Not Found'],
  6: [409, 'Conflict'],
  7: [403, 'Forbidden'],
  9: [400, 'Bad Request'],
  10: [409, 'Conflict'],
  12: [501, 'Not Implemented'],
  13: [500, 'Internal Server Error'],
  16: [401, 'Unauthorized'],
};

export class ArgoError extends Error {
  readonly grpcCode: number;
  constructor(grpcCode: number, message: string) {
    super(message);
    this.grpcCode = grpcCode;
  }
  get status(): number {
    return HTTP[this.grpcCode]?.[0] ?? 500;
  }
  body(): { code: number; message: string } {
    return { code: this.grpcCode, message: this.message };
  }
  streamBody(): { error: { grpc_code: number; http_code: number; message: string; http_status: string } } {
    return { error: { grpc_code: this.grpcCode, http_code: this.status, message: this.message, http_status: HTTP[this.grpcCode]?.[1] ?? 'Internal Server Error' } };
  }
  static badRequest(message: string) {
    return new ArgoError(3, message);
  }
  static notFound(message: string) {
    return new ArgoError(5, message);
  }
  static alreadyExists(message: string) {
    return new ArgoError(6, message);
  }
  static forbidden(message: string) {
    return new ArgoError(7, message);
  }
  static unauthenticated(message = 'token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/') {
    return new ArgoError(16, message);
  }
}

/** `workflows.argoproj.io "name" not found` */
export function notFound(resource: string, name: string): ArgoError {
  return ArgoError.notFound(`${resource}.argoproj.io "${name}" not found`);
}

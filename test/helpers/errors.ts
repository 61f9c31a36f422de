/** Test helper: the ZldError a promise rejects with (fails the test if it resolves or throws something else). */
import { isZldError, type ZldError } from '../../core/src/errors.js';

export async function caughtZldError(p: Promise<unknown>): Promise<ZldError> {
  try {
    await p;
  } catch (e) {
    if (isZldError(e)) return e;
    throw e;
  }
  throw new Error('expected a ZldError');
}

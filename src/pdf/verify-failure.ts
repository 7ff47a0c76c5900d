import type { VerifyFailureCode } from './pdf-verifier.js';

/** Thrown inside the verifier and turned into `{ ok: false, code, message }` at its edge. */
export class VerifyFailure extends Error {
  constructor(
    readonly code: VerifyFailureCode,
    message: string,
  ) {
    super(message);
  }
}

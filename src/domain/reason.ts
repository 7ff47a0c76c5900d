/**
 * Codes, not sentences, between layers: whatever the engine or a service explains (a status
 * reason, an outcome reason, a validation problem) travels as a stable code with parameters.
 * The web layer renders it in the reader's language; the English `message` kept beside it is
 * for logs, the CLI and scripts only.
 */

/** A parameter value: dates travel as ISO `YYYY-MM-DD`, lists as string arrays. */
export type ParamValue = string | number | boolean | null | readonly string[];
export type Params = Readonly<Record<string, ParamValue>>;

export interface Reason {
  readonly code: string;
  readonly params: Params;
}

/** A reason with its English rendering, as it is stored and logged. */
export interface ExplainedReason extends Reason {
  readonly message: string;
}

export const reason = (code: string, params: Params = {}): Reason => ({ code, params });
export const explained = (code: string, params: Params, message: string): ExplainedReason => ({
  code,
  params,
  message,
});

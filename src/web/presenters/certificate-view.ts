import type { CertificateJson } from '../../contracts/register.js';
import type { Locale, Translate } from '../i18n.js';
import { reasonText } from './reason-text.js';

/** A certificate for a page: the exchange shape with every reason in the reader's language. */
export function certificateView(json: CertificateJson, t: Translate, locale: Locale) {
  return {
    ...json,
    statusReasonText: reasonText(
      { code: json.statusReasonCode, params: json.statusReasonParams, text: json.statusReason },
      t,
      locale,
    ),
    history: json.history.map((entry) => ({
      ...entry,
      text: reasonText({ code: entry.code, params: entry.params, text: entry.reason }, t, locale),
    })),
  };
}

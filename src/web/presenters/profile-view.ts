import type { CentreProfile } from '../../services/register-service.js';
import type { Locale, Translate } from '../i18n.js';
import { presentCentreProfile } from './centre-presenter.js';
import { reasonText } from './reason-text.js';

/** The profile page's model: the exchange shape plus every reason in the reader's language. */
export function profileView(profile: CentreProfile, t: Translate, locale: Locale) {
  const json = presentCentreProfile(profile);
  const cert = json.certificate;
  return {
    row: profile.row,
    json,
    statusReasonText: reasonText(
      { code: cert.statusReasonCode, params: cert.statusReasonParams, text: cert.statusReason },
      t,
      locale,
    ),
    timeline: profile.timeline.map((entry) => ({
      ...entry,
      text: reasonText({ code: entry.reasonCode, params: entry.reasonParams, text: entry.reason }, t, locale),
    })),
  };
}

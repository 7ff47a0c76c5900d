import type { CertificateJson } from '../../contracts/register.js';
import type { Locale, Translate } from '../i18n.js';
import { viewHelpers } from '../view-helpers.js';
import { reasonText } from './reason-text.js';

/**
 * A certificate for a page: the exchange shape with every reason in the reader's language,
 * languages by name, and the audit its scores come from.
 */
export function certificateView(json: CertificateJson, t: Translate, locale: Locale) {
  const audit = json.scores.audit;
  return {
    ...json,
    statusReasonText: reasonText(
      { code: json.statusReasonCode, params: json.statusReasonParams, text: json.statusReason },
      t,
      locale,
    ),
    languageNames: json.scope.languages.map((code) => viewHelpers.language(code, t, locale)),
    scoresFrom: audit
      ? t('register.verify.scoresFrom', {
          auditType: t(`register.auditType.${audit.type}`),
          date: viewHelpers.date(audit.decidedAt, locale),
        })
      : null,
    history: json.history.map((entry) => ({
      ...entry,
      text: reasonText({ code: entry.code, params: entry.params, text: entry.reason }, t, locale),
    })),
  };
}

export type CertificateView = ReturnType<typeof certificateView>;

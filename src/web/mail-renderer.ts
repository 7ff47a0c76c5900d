import { join } from 'node:path';
import ejs from 'ejs';
import type { MailRenderer } from '../services/mail-service.js';
import { viewsDir } from '../paths.js';
import type { Params } from '../domain/reason.js';
import { describe } from './describe.js';
import { translator } from './i18n.js';
import { viewHelpers } from './view-helpers.js';

/** Plain text is not HTML: `<%= %>` in a .text.ejs view inserts the value as it is. */
const asIs = (value: unknown) => String(value ?? '');

/**
 * Renders outbox messages from views/mail/<template>.{text,html}.ejs with the message
 * catalogues, in the recipient's language. Injected into the services by the composition root,
 * so the services never import the web layer.
 */
export function mailRenderer(options: { baseUrl: string; cache: boolean }): MailRenderer {
  const file = (name: string) => join(viewsDir, 'mail', name);
  const renderFile = (name: string, data: ejs.Data, escapeValue?: (value: unknown) => string) =>
    ejs.renderFile(file(name), data, {
      root: viewsDir,
      cache: options.cache,
      async: false,
      ...(escapeValue && { escape: escapeValue }),
    });
  return {
    async render(message) {
      if (!message.subjectKey) throw new Error(`Unknown mail template ${message.template}`);
      const t = translator(message.language);
      const params = Object.fromEntries(
        Object.entries(message.params).filter((entry): entry is [string, string | number] =>
          ['string', 'number'].includes(typeof entry[1]),
        ),
      );
      const subject = t(message.subjectKey, params);
      const data = {
        t,
        locale: message.language,
        h: viewHelpers,
        baseUrl: options.baseUrl,
        params: message.params,
        unsubscribeUrl: message.unsubscribeUrl,
        subject,
        /** A `{ code, params }` reason in the recipient's language (`codes.<code>`). */
        describe: (coded: { code: string; params?: Params }) => describe(coded, t, message.language),
      };
      const textBody = await renderFile(`${message.template}.text.ejs`, data, asIs);
      const content = await renderFile(`${message.template}.html.ejs`, data);
      const htmlBody = await renderFile('layout.html.ejs', { ...data, content });
      return { subject, textBody: textBody.trim() + '\n', htmlBody };
    },
  };
}

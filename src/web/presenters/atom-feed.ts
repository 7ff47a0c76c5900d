import type { StatusChange } from '../../services/feed-service.js';
import type { Locale, Translate } from '../i18n.js';
import { reasonText } from './reason-text.js';

/**
 * Status changes as an Atom 1.0 feed (RFC 4287). Entry ids are tag URIs (RFC 4151) built from
 * the history row's id, which is never reused or changed, so a reader sees each change once,
 * whatever the language or the moment it polls.
 */

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** Text for XML content and attribute values; characters XML 1.0 forbids are dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface AtomFeed {
  /** The feed's own id (a tag URI), the same in every language. */
  id: string;
  title: string;
  /** The feed's URL as requested (with its ?lang), and the HTML page it belongs to. */
  selfUrl: string;
  pageUrl: string;
  changes: StatusChange[];
  /** When there are no entries: the moment the feed was drawn. */
  now: Date;
}

/** The tag URI authority: the registry's host name, with the year the registry's ids were minted in. */
export const tagBase = (baseUrl: string) => `tag:${new URL(baseUrl).hostname},2026:`;

function entryXml(change: StatusChange, baseUrl: string, t: Translate, locale: Locale): string {
  const to = t(`register.status.${change.to}`);
  const reason = reasonText({ code: change.reasonCode, params: change.reasonParams, text: change.reason }, t, locale);
  const summary = change.from
    ? t('feeds.entryChanged', { number: change.number, from: t(`register.status.${change.from}`), to, reason })
    : t('feeds.entryIssued', { number: change.number, to, reason });
  const profile = `${baseUrl}/centres/${encodeURIComponent(change.centre.slug)}`;
  return [
    '  <entry>',
    `    <id>${xmlEscape(`${tagBase(baseUrl)}status-change/${change.id}`)}</id>`,
    `    <title>${xmlEscape(t('feeds.entryTitle', { centre: change.centre.name, status: to }))}</title>`,
    `    <updated>${xmlEscape(change.at)}</updated>`,
    `    <link rel="alternate" type="text/html" href="${xmlEscape(profile)}"/>`,
    `    <category term="${xmlEscape(change.to)}" label="${xmlEscape(to)}"/>`,
    `    <summary type="text">${xmlEscape(summary)}</summary>`,
    '  </entry>',
  ].join('\n');
}

export function atomFeedXml(feed: AtomFeed, baseUrl: string, t: Translate, locale: Locale): string {
  const updated = feed.changes[0]?.at ?? feed.now.toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `  <id>${xmlEscape(feed.id)}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
    `  <subtitle>${xmlEscape(t('feeds.subtitle'))}</subtitle>`,
    `  <updated>${xmlEscape(updated)}</updated>`,
    `  <author><name>Keurmerk</name><uri>${xmlEscape(baseUrl)}</uri></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(feed.pageUrl)}"/>`,
    ...feed.changes.map((change) => entryXml(change, baseUrl, t, locale)),
    '</feed>',
    '',
  ].join('\n');
}

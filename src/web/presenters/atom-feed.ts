import type { StatusChange } from '../../services/feed-service.js';
import type { Locale, Translate } from '../i18n.js';
import { reasonText } from './reason-text.js';
import { escapeXml } from './xml-text.js';

/**
 * Status changes as an Atom 1.0 feed (RFC 4287). Entry ids are tag URIs (RFC 4151) built from
 * the history row's id, which is never reused or changed, so a reader sees each change once,
 * whatever the language or the moment it polls.
 */

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

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
    `    <id>${escapeXml(`${tagBase(baseUrl)}status-change/${change.id}`)}</id>`,
    `    <title>${escapeXml(t('feeds.entryTitle', { centre: change.centre.name, status: to }))}</title>`,
    `    <updated>${escapeXml(change.at)}</updated>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(profile)}"/>`,
    `    <category term="${escapeXml(change.to)}" label="${escapeXml(to)}"/>`,
    `    <summary type="text">${escapeXml(summary)}</summary>`,
    '  </entry>',
  ].join('\n');
}

export function atomFeedXml(feed: AtomFeed, baseUrl: string, t: Translate, locale: Locale): string {
  const updated = feed.changes[0]?.at ?? feed.now.toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(t('feeds.subtitle'))}</subtitle>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <author><name>Keurmerk</name><uri>${escapeXml(baseUrl)}</uri></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>`,
    ...feed.changes.map((change) => entryXml(change, baseUrl, t, locale)),
    '</feed>',
    '',
  ].join('\n');
}

/**
 * A scheme version's texts apart from its rules. A text-only revision (docs/decisions/009) may
 * change titles, descriptions, item texts and auditor guidance, never anything that decides a
 * result; `scoringHash` is how that is proven. These functions work on raw JSON as well as on a
 * parsed scheme, so a version stored before a language existed can still be compared.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './hash-chain.js';
import type { LocalisedText, Scheme } from './scheme.js';

export interface SchemeTexts {
  title: LocalisedText;
  promises: {
    id: string;
    title: LocalisedText;
    description: LocalisedText;
    items: { id: string; text: LocalisedText; guidance: LocalisedText }[];
  }[];
}

type Raw = Record<string, unknown>;
const promisesOf = (raw: Raw) => (Array.isArray(raw.promises) ? (raw.promises as Raw[]) : []);
const itemsOf = (promise: Raw) => (Array.isArray(promise.items) ? (promise.items as Raw[]) : []);

/** Every text of a scheme, by promise and item id. */
export function schemeTexts(scheme: Scheme): SchemeTexts {
  return {
    title: scheme.title,
    promises: scheme.promises.map((p) => ({
      id: p.id,
      title: p.title,
      description: p.description,
      items: p.items.map((i) => ({ id: i.id, text: i.text, guidance: i.guidance })),
    })),
  };
}

/** A deep copy of a scheme with every text removed: exactly what decides results. */
export function withoutTexts(scheme: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(scheme)) as Raw;
  delete copy.title;
  for (const promise of promisesOf(copy)) {
    delete promise.title;
    delete promise.description;
    for (const item of itemsOf(promise)) {
      delete item.text;
      delete item.guidance;
    }
  }
  return copy;
}

/** SHA-256 over the canonical encoding of everything but the texts. */
export function scoringHash(scheme: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(withoutTexts(scheme)))
    .digest('hex');
}

/** A deep copy of a (stored, raw) scheme with the texts of a revision put in by id. */
export function withTexts(scheme: unknown, texts: SchemeTexts): unknown {
  const copy = JSON.parse(JSON.stringify(scheme)) as Raw;
  copy.title = texts.title;
  for (const promise of promisesOf(copy)) {
    const revised = texts.promises.find((p) => p.id === promise.id);
    if (!revised) continue;
    promise.title = revised.title;
    promise.description = revised.description;
    for (const item of itemsOf(promise)) {
      const revisedItem = revised.items.find((i) => i.id === item.id);
      if (!revisedItem) continue;
      item.text = revisedItem.text;
      item.guidance = revisedItem.guidance;
    }
  }
  return copy;
}

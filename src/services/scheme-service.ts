import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Clock } from '../clock.js';
import { canonicalJson } from '../domain/hash-chain.js';
import { parseScheme, SchemeFormatError, type Scheme } from '../domain/scheme.js';
import { type SchemeTexts, schemeTexts, scoringHash, withTexts } from '../domain/scheme-texts.js';
import { AppError, conflict, notFound, unprocessable } from '../errors.js';
import { inTransaction, type Db } from '../persistence/database.js';
import { schemeRepository, TEXTS_REVISED } from '../persistence/scheme-repository.js';
import { appendEvent } from './event-log.js';

/** Reads and validates one scheme file (YAML or JSON); errors name the file and each path. */
export function readSchemeFile(path: string): Scheme {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new AppError('bad_request', 'scheme_file_unreadable', `${path}: cannot be read: ${(err as Error).message}`, {
      params: { path },
    });
  }
  try {
    return parseScheme(raw);
  } catch (err) {
    if (err instanceof SchemeFormatError) {
      throw unprocessable(
        'scheme_invalid',
        `${path}: not a valid scheme:\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
        err.issues.map((i) => ({ path: i.path, code: 'scheme_format', message: i.message })),
        { path },
      );
    }
    throw err;
  }
}

export function schemeFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function schemeService(db: Db, clock: Clock) {
  const repo = schemeRepository(db);
  // A version's rules never change and its texts only through publish() here, which drops the
  // copy it replaces, so a parsed copy can be kept for the life of the process.
  const parsed = new Map<string, Scheme>();

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  /** A version as it reads now: its stored content with the texts of its latest text revision. */
  function current(code: string): unknown {
    const stored = repo.find(code);
    if (!stored) return undefined;
    const content = JSON.parse(stored.content) as unknown;
    const revision = repo.latestTextRevision(code) as { texts: SchemeTexts } | undefined;
    return revision ? withTexts(content, revision.texts) : content;
  }

  function load(code: string): Scheme | undefined {
    const cached = parsed.get(code);
    if (cached) return cached;
    const raw = current(code);
    if (raw === undefined) return undefined;
    const scheme = parseScheme(raw);
    parsed.set(code, scheme);
    return scheme;
  }

  return {
    /**
     * Stores a scheme version. Publishing identical content again is a no-op. Under an existing
     * code only the texts may change (a text-only revision, recorded in the event log with the
     * proof that everything else is identical); other changes are refused, because audits were
     * scored against the version as published (docs/decisions/009).
     */
    publish(scheme: Scheme, actor = 'system'): 'published' | 'unchanged' | 'texts-revised' {
      const content = canonicalJson(scheme);
      const contentHash = sha256(content);
      return inTransaction(db, () => {
        const existing = current(scheme.code);
        if (existing !== undefined) {
          if (sha256(canonicalJson(existing)) === contentHash) return 'unchanged';
          const rulesHash = scoringHash(existing);
          if (rulesHash === scoringHash(scheme)) {
            appendEvent(db, {
              at: clock.now(),
              actor,
              action: TEXTS_REVISED,
              subject: `scheme:${scheme.code}`,
              payload: { code: scheme.code, scoringHash: rulesHash, contentHash, texts: schemeTexts(scheme) },
              isPublic: true,
            });
            parsed.delete(scheme.code);
            return 'texts-revised';
          }
          throw conflict(
            'scheme_code_taken',
            `Scheme ${scheme.code} is already published with different rules (only its texts may be revised); publish a new version code instead`,
            { scheme: scheme.code },
          );
        }
        const at = clock.now();
        repo.insert({ code: scheme.code, content, contentHash, publishedAt: at.toISOString() });
        appendEvent(db, {
          at,
          actor,
          action: 'scheme.published',
          subject: `scheme:${scheme.code}`,
          payload: { code: scheme.code, contentHash },
          isPublic: true,
        });
        return 'published';
      });
    },
    publishDirectory(dir: string, actor = 'system'): { code: string; outcome: string }[] {
      return schemeFilesIn(dir).map((file) => {
        const scheme = readSchemeFile(file);
        return { code: scheme.code, outcome: this.publish(scheme, actor) };
      });
    },
    get(code: string): Scheme {
      const scheme = load(code);
      if (!scheme) throw notFound('scheme');
      return scheme;
    },
    find: load,
    current(): Scheme {
      const latest = repo.latest();
      if (!latest) throw new AppError('not_found', 'scheme_none_published', 'No scheme has been published yet');
      return this.get(latest.code);
    },
    codes(): string[] {
      return repo.list().map((s) => s.code);
    },
  };
}

export type SchemeService = ReturnType<typeof schemeService>;

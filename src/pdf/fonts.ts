import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { FontName } from './layout-kit.js';

const FONT_FILES: Record<FontName, string> = {
  sans: 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'sans-italic': 'DejaVuSans-Oblique.ttf',
  'serif-bold': 'DejaVuSerif-Bold.ttf',
};

/** pdfkit accepts a parsed fontkit font wherever it accepts font bytes. */
type FontSource = Buffer | object;

let parsedFonts: Map<FontName, FontSource> | undefined;

/**
 * Parses the TTF files once per process. Given bytes, pdfkit re-parses each font for every
 * document, which made up about 50 ms of a 65 ms certificate; given the parsed font it only
 * subsets. pdfkit exposes the parsed font only on its private _font, so a missing field (a future
 * pdfkit) falls back to the bytes: slower, still correct.
 */
function loadFonts(): Map<FontName, FontSource> {
  if (!parsedFonts) {
    // Resolved through the package so the path holds from src/ under tsx and from dist/ alike.
    const ttfDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const probe = new PDFDocument({ font: '' });
    parsedFonts = new Map();
    for (const [name, file] of Object.entries(FONT_FILES) as [FontName, string][]) {
      const bytes = readFileSync(join(ttfDir, file));
      probe.registerFont(name, bytes).font(name);
      const parsed = (probe as unknown as { _font?: { font?: unknown } })._font?.font;
      parsedFonts.set(name, isLayoutFont(parsed) ? memoizeLayout(parsed) : bytes);
    }
  }
  return parsedFonts;
}

/** What pdfkit asks of a parsed fontkit font when it lays out text. */
interface LayoutFont {
  layout(text: unknown, ...options: unknown[]): GlyphRun;
}
interface GlyphRun {
  positions: object[];
}

const isLayoutFont = (font: unknown): font is LayoutFont =>
  typeof font === 'object' && font !== null && typeof (font as Partial<LayoutFont>).layout === 'function';

/** Distinct words kept per font; a certificate has a few hundred, most of them the same on every one. */
const LAYOUT_CACHE_LIMIT = 20_000;

/**
 * Shaping a word (fontkit's GSUB/GPOS lookups) took about a fifth of a certificate, and almost
 * every word is the same on every certificate. pdfkit caches shaped words per document only, so
 * the parsed font, shared by all documents, keeps them for the process. pdfkit scales the
 * positions of the run it gets in place, so each caller gets its own copy of them.
 */
function memoizeLayout(font: LayoutFont): LayoutFont {
  const shape = font.layout.bind(font);
  const shaped = new Map<string, GlyphRun>();
  font.layout = (text, ...options) => {
    if (typeof text !== 'string' || options.some((option) => option !== undefined)) return shape(text, ...options);
    let run = shaped.get(text);
    if (!run) {
      if (shaped.size >= LAYOUT_CACHE_LIMIT) shaped.clear();
      run = shape(text);
      shaped.set(text, run);
    }
    const copy: GlyphRun = Object.assign(Object.create(Object.getPrototypeOf(run)), run);
    copy.positions = run.positions.map((position) => ({ ...position }));
    return copy;
  };
  return font;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  // The typings only know paths and bytes; see loadFonts for why a parsed font is passed.
  for (const [name, font] of loadFonts()) doc.registerFont(name, font as Buffer);
}

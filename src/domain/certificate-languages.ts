/**
 * The two languages a centre's certificate PDF is printed in, primary first. The registry's
 * languages only (the PDF holds its own words in those three); by default the languages of the
 * centre's country: Dutch and English in the Netherlands, Dutch and French in Belgium.
 */
import { z } from 'zod';
import { type Country, type RegistryLanguage, registryLanguages } from './vocabulary.js';

export type CertificateLanguages = readonly [RegistryLanguage, RegistryLanguage];

const DEFAULTS: Record<Country, CertificateLanguages> = { NL: ['nl', 'en'], BE: ['nl', 'fr'] };

export const defaultCertificateLanguages = (country: Country): CertificateLanguages => DEFAULTS[country];

export const certificateLanguagesSchema = z
  .tuple([z.enum(registryLanguages), z.enum(registryLanguages)], {
    error: 'choose two languages: nl, en or fr',
  })
  .refine(([primary, secondary]) => primary !== secondary, {
    message: 'choose two different languages',
    params: { code: 'certificate_languages_same' },
  });

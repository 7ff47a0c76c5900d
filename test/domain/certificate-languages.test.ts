import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateLanguagesSchema, defaultCertificateLanguages } from '../../src/domain/certificate-languages.js';
import { centreInputSchema } from '../../src/domain/centre.js';
import { registryLanguages } from '../../src/domain/vocabulary.js';

const centre = {
  legalName: 'Centre Liégeois SA',
  tradeName: 'CLSA',
  registrationNumber: '0403.170.701',
  country: 'BE',
  city: 'Liège',
  type: 'outsourced',
  channels: ['phone'],
  languages: ['fr'],
  sectors: [],
};

describe('the certificate languages of a centre', () => {
  it('when any two of the registry languages are given, then they are accepted exactly when they differ, in their order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...registryLanguages), fc.constantFrom(...registryLanguages), (first, second) => {
        const parsed = certificateLanguagesSchema.safeParse([first, second]);
        expect(parsed.success).toBe(first !== second);
        if (parsed.success) expect(parsed.data).toEqual([first, second]);
      }),
    );
  });

  it.each([[['nl']], [['nl', 'en', 'fr']], [['nl', 'de']], ['nl+fr'], [[]]])(
    'when the pair is %j, then it is refused',
    (value) => {
      expect(certificateLanguagesSchema.safeParse(value).success).toBe(false);
    },
  );

  it('when no pair is chosen, then the country decides: nl+en in the Netherlands, nl+fr in Belgium', () => {
    expect(defaultCertificateLanguages('NL')).toEqual(['nl', 'en']);
    expect(defaultCertificateLanguages('BE')).toEqual(['nl', 'fr']);
    expect(centreInputSchema.parse(centre).certificateLanguages).toEqual(['nl', 'fr']);
    expect(
      centreInputSchema.parse({ ...centre, country: 'NL', registrationNumber: '12345678' }).certificateLanguages,
    ).toEqual(['nl', 'en']);
    expect(centreInputSchema.parse({ ...centre, certificateLanguages: ['fr', 'en'] }).certificateLanguages).toEqual([
      'fr',
      'en',
    ]);
  });
});

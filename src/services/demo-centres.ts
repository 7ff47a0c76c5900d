import { slugify } from '../domain/centre.js';
import { kboCheckDigits } from '../domain/registration-number.js';

type Row = [
  tradeName: string,
  legalName: string,
  country: 'NL' | 'BE',
  regBase: string,
  city: string,
  type: 'inhouse' | 'outsourced',
  channels: string,
  languages: string,
  sectors: string,
  size: number,
  sites: string,
];

// Fictional organisations; names, numbers and web sites are invented for the demo register.
const rows: Row[] = [
  ['Klantlijn Noord', 'Klantlijn Noord B.V.', 'NL', '60123451', 'Groningen', 'outsourced', 'phone email chat', 'nl en de', 'energy utilities', 240, 'Groningen|Assen'],
  ['Stroomhuis Klantenservice', 'Stroomhuis Energie N.V.', 'NL', '34098712', 'Arnhem', 'inhouse', 'phone email chat messaging', 'nl en', 'energy', 180, 'Arnhem'],
  ['Contactcentrum Zuid', 'Contactcentrum Zuid B.V.', 'NL', '17065432', 'Eindhoven', 'outsourced', 'phone email sms', 'nl en fr', 'telecom retail', 320, 'Eindhoven|Helmond'],
  ['Bel & Chat Rotterdam', 'Bel en Chat Rotterdam B.V.', 'NL', '24356789', 'Rotterdam', 'outsourced', 'phone chat social messaging', 'nl en tr ar', 'telecom', 410, 'Rotterdam'],
  ['Polis Direct Klantcontact', 'Polis Direct Verzekeringen N.V.', 'NL', '33221144', 'Zwolle', 'inhouse', 'phone email chat', 'nl', 'insurance', 150, 'Zwolle'],
  ['Gemeente Loket Utrecht', 'Gemeentelijk Klantcontactcentrum Utrecht', 'NL', '30276543', 'Utrecht', 'inhouse', 'phone email chat video', 'nl en', 'government', 95, 'Utrecht'],
  ['Zorgverbinding', 'Zorgverbinding Klantenservice B.V.', 'NL', '58761234', 'Tilburg', 'outsourced', 'phone email video', 'nl en pl', 'healthcare insurance', 130, 'Tilburg'],
  ['Reislijn Schiphol', 'Reislijn Services B.V.', 'NL', '41152637', 'Haarlemmermeer', 'outsourced', 'phone email chat social', 'nl en de fr es', 'travel', 260, 'Hoofddorp'],
  ['Bankhuis Service Desk', 'Bankhuis Nederland N.V.', 'NL', '33009876', 'Amsterdam', 'inhouse', 'phone chat messaging video', 'nl en', 'finance', 520, 'Amsterdam|Leeuwarden'],
  ['Woonlijn Haaglanden', 'Stichting Woonlijn Haaglanden', 'NL', '27184455', 'Den Haag', 'inhouse', 'phone email', 'nl en', 'housing', 60, 'Den Haag'],
  ['PakketPunt Klantcontact', 'PakketPunt Logistiek B.V.', 'NL', '52348761', 'Nieuwegein', 'outsourced', 'phone email chat sms messaging', 'nl en pl ro', 'logistics retail', 370, 'Nieuwegein'],
  ['Cloudhelp Support', 'Cloudhelp Software B.V.', 'NL', '69871230', 'Delft', 'inhouse', 'email chat', 'nl en', 'technology', 45, 'Delft'],
  ['Frieslân Contact', 'Frieslân Contact B.V.', 'NL', '01098765', 'Leeuwarden', 'outsourced', 'phone email', 'nl fy en', 'utilities government', 110, 'Leeuwarden'],
  ['Waterlijn Twente', 'Waterbedrijf Twente N.V.', 'NL', '06043219', 'Enschede', 'inhouse', 'phone email sms', 'nl de', 'utilities', 70, 'Enschede'],
  ['Limburg Connect', 'Limburg Connect B.V.', 'NL', '14087652', 'Heerlen', 'outsourced', 'phone email chat', 'nl de fr en', 'energy telecom', 290, 'Heerlen|Maastricht'],
  ['Contactpunt Brussel', 'Contactpunt Brussel NV', 'BE', '04031234', 'Brussel', 'outsourced', 'phone email chat', 'nl fr en', 'government telecom', 340, 'Brussel'],
  ['Service Clients Liège', 'Service Clients Liège SRL', 'BE', '08112233', 'Liège', 'outsourced', 'phone email sms', 'fr nl de', 'energy utilities', 210, 'Liège'],
  ['Antwerp Care Line', 'Antwerp Care Line BV', 'BE', '07654321', 'Antwerpen', 'outsourced', 'phone email chat social messaging', 'nl fr en es', 'retail travel', 450, 'Antwerpen|Mechelen'],
  ['Mutualité Contact Namur', 'Mutualité Contact Namur ASBL', 'BE', '04456789', 'Namur', 'inhouse', 'phone email video', 'fr', 'healthcare insurance', 85, 'Namur'],
  ['Gentse Klantendienst', 'Gentse Klantendienst BV', 'BE', '06987654', 'Gent', 'inhouse', 'phone email chat', 'nl fr en', 'housing government', 55, 'Gent'],
  ['Banque Écoute Charleroi', 'Banque Écoute SA', 'BE', '04112358', 'Charleroi', 'inhouse', 'phone chat video', 'fr nl en', 'finance', 190, 'Charleroi'],
  ['Telelijn Leuven', 'Telelijn Leuven BV', 'BE', '08234567', 'Leuven', 'outsourced', 'phone email chat sms', 'nl fr en de', 'telecom technology', 160, 'Leuven'],
  ['Kempen Contact Center', 'Kempen Contact Center BV', 'BE', '05432198', 'Geel', 'outsourced', 'phone email', 'nl fr', 'retail logistics', 120, 'Geel'],
  ['Assurances Mons Direct', 'Assurances Mons Direct SA', 'BE', '04876543', 'Mons', 'inhouse', 'phone email chat', 'fr nl', 'insurance', 75, 'Mons'],
  ['Brugse Reisdesk', 'Brugse Reisdesk BV', 'BE', '07123987', 'Brugge', 'outsourced', 'phone email social messaging', 'nl fr en de', 'travel', 65, 'Brugge'],
];

export interface DemoCentre {
  tradeName: string;
  legalName: string;
  country: 'NL' | 'BE';
  registrationNumber: string;
  city: string;
  type: 'inhouse' | 'outsourced';
  channels: string[];
  languages: string[];
  sectors: string[];
  size: number;
  sites: string[];
  website: string;
}

export const demoCentres: DemoCentre[] = rows.map(
  ([tradeName, legalName, country, regBase, city, type, channels, languages, sectors, size, sites]) => ({
    tradeName,
    legalName,
    country,
    // Belgian enterprise numbers carry a mod-97 check: derive it so every demo number is valid.
    registrationNumber: country === 'BE' ? `${regBase}${kboCheckDigits(regBase)}` : regBase,
    city,
    type,
    channels: channels.split(' '),
    languages: languages.split(' '),
    sectors: sectors.split(' '),
    size,
    sites: sites.split('|'),
    website: `https://www.${slugify(tradeName)}.example`,
  }),
);

export const demoUsers = [
  { email: 'admin@keurmerk.example', name: 'Anne de Vries', role: 'admin', password: 'demo-admin-2026' },
  { email: 'beslisser@keurmerk.example', name: 'Pieter Janssens', role: 'admin', password: 'demo-admin2-2026' },
  { email: 'auditor@keurmerk.example', name: 'Sanne Bakker', role: 'auditor', password: 'demo-auditor-2026' },
  { email: 'auditor2@keurmerk.example', name: 'Luc Peeters', role: 'auditor', password: 'demo-auditor2-2026' },
  { email: 'centre@keurmerk.example', name: 'Eva Mulder', role: 'centre', password: 'demo-centre-2026', centreIndex: 0 },
] as const;

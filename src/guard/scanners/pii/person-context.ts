import { wordSet } from '../../../util/index.ts';
import type { Tok } from './person-tokens.ts';

/**
 * The words and phrases around a capitalised word that say whether it names a person. Each list is
 * general English usage (titles, roles, "directed by", "X said"), not wording from any test set.
 */

const set = wordSet;

/** Courtesy titles: "Dr. Okafor". Not part of the reported span. */
export const TITLES = set('mr mrs ms miss mx dr prof sir dame madam lady lord rev fr');

/** Roles used as a title before a name: "President Lincoln", "Aunt May", "CEO Tim Cook". */
export const ROLE_TITLES = set(`
  president senator governor mayor minister chancellor professor doctor judge justice captain
  colonel general major lieutenant sergeant officer detective agent inspector coach uncle aunt
  auntie grandma grandpa granny cousin nurse pastor reverend rabbi imam father sister brother
  ceo cto cfo coo chairman chairwoman master
  patient client customer employee passenger student tenant candidate applicant member resident
  guest intern contractor
`);

/**
 * Occupations and relations capitalised before a name: "Landlord John", "Chef Gordon Ramsay". Only
 * before a given name that is not a frequent word, or a surname: "Manager Job Description", "The
 * Boss Baby" and "Teacher Grant Application" are headings and titles.
 */
export const OCCUPATIONS = set(`
  landlord landlady manager supervisor boss teacher tutor chef engineer neighbour neighbor driver
`);

/** Particles inside a name: "Donald van der Voet", "Ana de la Cruz". */
export const PARTICLES = set('van de der den von da di le la del du dos das bin ben ibn ter ten al el');

/** Generational and academic suffixes that belong to the name: "Keith Bult Jr.", "Joshua Okamoto MD". */
export const SUFFIXES = set('jr sr ii iii iv md phd dds dvm esq');

/** A capitalised word before a given name that makes the whole a place: "Port Edward", "San José". */
export const PLACE_PREFIXES = set(`
  rue rua via viale calle avenida avda avenue ave san santa santo sao saint st ste port fort mount mt
  lake cape isla el los las cite colle monte villa quinta praia porto puerto bahia place plaza
  piazza strada ulica ul north south east west
`);

/**
 * Words that make a run of capitalised words a place or an organisation ("Gordon Street",
 * "Marshall Islands", "Merrill Corp"): such a run is not a person. Place words that are also common
 * surnames (Hall, Park, Lane, Bay, Court, House, Church, Hill) are left out: "John Hall" is a name.
 */
export const PLACE_ORG_WORDS = set(`
  street st road rd avenue ave drive dr boulevard blvd ct place pl square terrace crescent parkway
  highway alley apt suite unit floor building tower center centre plaza garden gardens station
  airport port harbour harbor beach island islands isles river lake falls mount mountain mountains valley
  county city town village republic kingdom emirates states province district region opera theatre
  theater stadium arena
  inc llc ltd llp plc gmbh corp corporation company co group holdings partners associates
  technology technologies solutions systems research software networks services consulting
  capital industries international global media energy pharmaceuticals foods motors airlines
  lines insurance financial brands entertainment games studio studios
  war revolution universe empire dynasty army navy
  agency bank university college school academy institute hospital clinic church cathedral
  museum library hotel restaurant cafe foundation society association council committee
  ministry department office labs studios records press times news
  gallery club team app bot chatbot browser guide advisor adviser bridge castle palace abbey
  mosque synagogue zoo mall market forest desert ocean sea canyon canal railway line world prize
  award trophy cup festival
`);

/** Capitals right after a run that make it a product or an assistant: "Zookeeper AI", "Jarvis GPT". */
export const PRODUCT_AFTER = set('ai gpt llm bot api app');

const EPONYM_NOUNS = [
  'theorem|equations?|functions?|expansion|laws?|principle|constants?|paradox|integrals?|transforms?',
  'criterion|conjecture|hypothesis|algorithm|polynomials?|instability|distribution|vortex|vortices',
  'analogy|approximation|coefficients?|notation|disease|syndrome|disorder|palsy|sarcoma|lymphoma',
].join('|');

/**
 * Nouns after a name that make it an eponym, not a person: "Taylor series", "Bessel functions",
 * "Magnus effect", "Kelvin's theorem". "Smith's number" is left alone: it may be a phone number.
 */
/** Eponym nouns only without a possessive: "Preston tube", but "Kian's number" may be a phone. */
const ATTRIBUTIVE_NOUNS = [
  'numbers?|series|method|theory|tubes?|test|flow|process|effects?|index|ratio|filter|curve',
  'diagram|matrix|operator|space|cycle|scale|inventory|causality|scattering',
].join('|');

export const EPONYM_AFTER = new RegExp(
  `^(?:['"’/]?\\s+(?:${EPONYM_NOUNS}|${ATTRIBUTIVE_NOUNS})\\b|['’]s\\s+(?:${EPONYM_NOUNS}|rule|razor)\\b)`,
  'i',
);

/** Words that open a sentence before a name: "Meet Maelis", "Ask Okafor", "Happy birthday". */
export const OPENER_VERBS = set(
  'meet ask tell call thank welcome help let invite email text message contact remind happy ping notify dm congratulate introduce forward',
);

/** A possessive that names a day, not a person's: "Valentine's Day", "Mother's Day". */
export const DAY_AFTER_POSSESSIVE = /^['’]s\s+(?:Day|Eve|day|eve)\b/;

/** Place words that are also common surnames: a place after a given name only if it is not popular. */
export const SURNAME_PLACE_WORDS = set('park hall house bridge church hill lane court');

/**
 * Capitalised words that are never (part of) a name: "I", days, months that are not also names,
 * greetings, "IBAN", which the name lists hold but which in a prompt is the bank number, and "God"
 * and "Allah" ("Thank God", "May Allah reward you"), which the lists also hold.
 */
/**
 * Nationalities, regions of origin, faiths and identities: "I'm Asian", "as an American" describe a
 * person without naming one, though some are in the given-name lists ("Asian"). "Christian" is left out:
 * it is a given name far more often than a faith in a name-shaped run.
 */
const DEMONYMS = `
  american asian african european chinese japanese korean indian mexican canadian british english
  french german italian spanish russian nigerian irish scottish welsh australian brazilian filipino
  filipina vietnamese thai arab arabic muslim jewish catholic protestant hindu buddhist
  sikh atheist latino latina latinx hispanic pakistani bangladeshi turkish greek polish dutch swedish
  norwegian danish finnish egyptian iranian iraqi israeli palestinian ukrainian portuguese cuban
  jamaican haitian colombian peruvian argentinian argentine chilean venezuelan kenyan ghanaian
  ethiopian somali indonesian malaysian singaporean taiwanese mongolian nepali nepalese afghan syrian
  lebanese saudi moroccan algerian tunisian swiss austrian belgian czech hungarian romanian bulgarian
  serbian croatian albanian armenian georgian persian kurdish hawaiian texan californian caribbean
  scandinavian slavic native indigenous aboriginal caucasian gay lesbian bisexual queer trans
  transgender vegan vegetarian
`;

export const NEVER_NAME = set(`
  i monday tuesday wednesday thursday friday saturday sunday january february march july september
  october november december hi hello dear thanks please yes no ok okay iban sir madam madame god allah
  sie ihnen ihr euch dich mich uns vous nous usted ustedes
  ${DEMONYMS}
`);

/**
 * Given names that are also verbs taking a person, or "hope" before a clause: at the start of a
 * sentence before a given name they are the verb ("Bill John for the hours", "Hope Mary is well").
 * Other given names that are words are the given name there ("Frank Nolan", "Gene Kelly").
 */
export const VERB_NAMES = set('bill mark grant chase sue rob page harry hope');

/**
 * A change or a limit after a word that is also a given name makes it a verb or an abbreviation:
 * "Costs Rose by 5%", "Rose 3 points", "Max 200 words". A bare number may be a name's ("Pay Rose
 * 50 dollars").
 */
export const FIGURE_AFTER =
  /^\s+(?:by\s+[-+]?[$€£]?\d|[-+]?[$€£]?\d[\d.,]*\s?(?:%|(?:percent|per cent|points?|pts|bps|items?|words|characters|chars|tokens|lines|pages)\b))/i;

/** Sentence-opening modals: "Will Sarah come?", "May Anne join?". */
export const MODALS = set('will would may might can could shall should must do does did');

/** Function words: never a name, they end one in all-lowercase text ("emily is …"). */
export const FUNCTION_WORDS = set(`
  is was are were be been has have had and or but of in on at to for from with by the a an so as if
  it its who that this these those there here then than when where why how what which will would
  can could should may might must said says you he she we they my your his her our their not all
  any some every each no
`);

/** The two words before a token and the text between the nearer one and the token. */
export interface Before {
  w1: string;
  w2: string;
  gap: string;
  /** Whether the nearer word is capitalised ("Artist Advisor" is a heading, not "artist X"). */
  cap1: boolean;
}

export function wordsBefore(text: string, toks: readonly Tok[], k: number): Before {
  const t1 = toks[k - 1];
  const t2 = toks[k - 2];
  const at = (toks[k] as Tok).start;
  return {
    w1: t1?.fold ?? '',
    w2: t2?.fold ?? '',
    gap: t1 ? text.slice(t1.end, at) : text.slice(0, at),
    cap1: t1 !== undefined && t1.shape !== 'lower',
  };
}

const SPACE = /^\s+$/;
const COLON = /^\s*:\s*$/;
const COMMA = /^\s*,\s*$/;

const INTRO_VERBS = set('named called signed');
/**
 * "My name is" in other languages, as the two words before the name (folded: lower case, no
 * diacritics, Cyrillic transliterated): "меня зовут" (menya zovut), "me llamo", "mi chiamo", "ich heiße", "mein Name ist", "meu nome é",
 * "mijn naam is", "mon nom est", "mi nombre es"; French "je m'appelle" is one word here.
 */
const INTRO_PAIRS = set(
  'menya|zovut me|llamo mi|chiamo ich|heisse name|ist nome|e naam|is nom|est nombre|es jmenuji|se nazywam|sie imie|to',
);
const INTRO_WORDS = set("m'appelle m’appelle jmenuji nazywam");
const ROLE_NOUNS = set(`
  starring featuring founder founders co-founder co-founders cofounder cofounders author authors
  actor actress singer songwriter novelist poet painter composer rapper guitarist drummer pianist
  comedian athlete footballer journalist reporter physicist chemist economist philosopher historian
  playwright screenwriter filmmaker director producer artist writer
`);
const CREDIT_VERBS = set(`
  directed written produced composed performed sung painted narrated founded co-founded authored
  edited illustrated translated hosted presented played
`);
const KIN = set('wife husband son daughter mother father widow');
/** A relation after a possessive determiner: "my friend Sydney", "her colleague Paris". */
const RELATIONS = set(`
  friend friends colleague colleagues coworker boss neighbour neighbor wife husband son daughter
  mother father mom mum dad brother sister cousin nephew niece grandson granddaughter grandmother
  grandfather partner boyfriend girlfriend fiance fiancee roommate classmate assistant
`);
const DETERMINERS = set('my your his her our their');
const GREETINGS = set('dear hi hello hey thanks');
/** Verbs whose object is a person: "Ask Mark about it", "Tell Will the build is green". */
const PERSON_OBJECT_VERBS = set(
  'ask tell call invite email text message contact remind ping notify dm congratulate introduce',
);
const SPEECH_VERBS = set('said says asked told');
/** Articles: "the Rock", and a title after them ("The Great Gatsby"). */
export const ARTICLES = set('the a an');
const PLACE_PREPOSITIONS = set('in near across throughout outside around');

/** An explicit introduction: "my name is X", "name: X", "named (him) X", "call me X", "Regards, X". */
export function introduces({ w1, w2, gap }: Before): boolean {
  if (COLON.test(gap) || /^['’]s\s+$/.test(gap)) return w1 === 'name';
  if (COMMA.test(gap)) return w1 === 'sincerely' || w1 === 'regards';
  if (!SPACE.test(gap)) return false;
  if (INTRO_VERBS.has(w1) || (w1 === 'is' && w2 === 'name')) return true;
  if (INTRO_WORDS.has(w1) || INTRO_PAIRS.has(`${w2}|${w1}`)) return true;
  return (
    (w1 === 'me' && (w2 === 'call' || w2 === 'calls')) ||
    (/^(?:him|her|them)$/.test(w1) && INTRO_VERBS.has(w2))
  );
}

/** "I am X", "this is X": a name when X is capitalised, not in lower-case text ("this is negligibly"). */
export function selfIntroduces({ w1, w2, gap }: Before): boolean {
  return SPACE.test(gap) && ((w1 === 'am' && w2 === 'i') || w1 === "i'm" || (w1 === 'is' && w2 === 'this'));
}

/**
 * A person's role: "starring X", "founders: X", "actress X", "my friend X", "assistant to X",
 * "wife of X".
 */
export function namesRole({ w1, w2, gap, cap1 }: Before): boolean {
  // A capitalised role before a capitalised word is a heading: "Artist Advisor", "Author Name".
  if (!(SPACE.test(gap) && !cap1) && !COLON.test(gap)) return false;
  return (
    ROLE_NOUNS.has(w1) ||
    (RELATIONS.has(w1) && DETERMINERS.has(w2)) ||
    (w1 === 'to' && (w2 === 'assistant' || w2 === 'married')) ||
    (w1 === 'of' && KIN.has(w2))
  );
}

/** A credit: "directed by X". Capitalised only: lower-case "played by shock-induced …" is no name. */
export function credits({ w1, w2, gap }: Before): boolean {
  return SPACE.test(gap) && w1 === 'by' && CREDIT_VERBS.has(w2);
}

/** A greeting: "Dear X", "Hi, X", "thank you X". */
export function greets({ w1, w2, gap }: Before): boolean {
  return (SPACE.test(gap) || COMMA.test(gap)) && (GREETINGS.has(w1) || (w1 === 'you' && w2 === 'thank'));
}

const COPY_MARKS = set('cc bcc attn');
/** Labels before a colon that a person's name follows: "From: X", "Signed: X", "Patient: X". */
const PERSON_LABELS = set(`
  to from cc bcc attn signed contact author assignee owner reviewer approver patient customer
  client employee applicant candidate sender recipient
`);
/** Verbs of talking or writing to someone, before "with" or "to": "spoke with X", "wrote to X". */
const CONVERSE_VERBS = set(`
  spoke speak speaking spoken talked talk talking chatted chatting met meet meeting wrote write
  writing written replied reply replying emailed email emailing
`);

/**
 * Someone addressed or talked to: "cc X", "From: X", "Signed: X", "I spoke with X", "an email to
 * X". Weak: for
 * a word that is not also a common word ("spoke with Phillips"; not "spoke with Support").
 */
export function addressedTo({ w1, w2, gap }: Before): boolean {
  if (COLON.test(gap)) return PERSON_LABELS.has(w1);
  if (COPY_MARKS.has(w1)) return SPACE.test(gap);
  return SPACE.test(gap) && (w1 === 'with' || w1 === 'to') && CONVERSE_VERBS.has(w2);
}

/** A verb whose object is a person, right before the word: "ask X", "Tell X". */
export function objectOfPersonVerb({ w1, gap }: Before): boolean {
  return SPACE.test(gap) && PERSON_OBJECT_VERBS.has(w1);
}

/** A speech verb: "said X", "asked X". */
export function speechBefore({ w1, gap }: Before): boolean {
  return (SPACE.test(gap) || COMMA.test(gap)) && SPEECH_VERBS.has(w1);
}

/** A quoted name right after a place or organisation noun is its name: 'the company "Edison"'. */
export const afterOrgNoun = ({ w1, gap }: Before): boolean =>
  /^\s["'“‘]$/.test(gap) && PLACE_ORG_WORDS.has(w1);

/** An article before a lone name makes it a thing: "the Rock", "a Tesla". */
export const afterArticle = ({ w1, gap }: Before): boolean => /^\s$/.test(gap) && ARTICLES.has(w1);

/** A preposition of place before a lone given name: "in London", "near Florence". */
export const afterPlacePreposition = ({ w1, gap }: Before): boolean =>
  SPACE.test(gap) && PLACE_PREPOSITIONS.has(w1);

/** "the" or "at" before a list of surnames marks a firm: "The Jones, Mitchell and Williams office". */
export const afterFirmWord = ({ w1, gap }: Before): boolean =>
  SPACE.test(gap) && (w1 === 'the' || w1 === 'at');

/** After the name: "X said", "X, who …". */
export const SPEECH_AFTER =
  /^(?:\s+(?:said|says|told|asked|replied|answered|wrote|added|explained|argued|noted|claimed|insisted|whispered|shouted|smiled|laughed|nodded)\b|,\s+who\b)/;

/** A possessive of a person: "Kian's address", "Mary's husband". */
export const PERSONAL_AFTER_POSSESSIVE =
  /^['’]s\s+(?:address|home|house|apartment|flat|phone|number|email|birthday|wife|husband|partner|son|daughter|children|kids|mother|father|mom|mum|dad|parents|brother|sister|family|friend|boyfriend|girlfriend|fiancée?|boss|colleague|account|passport|salary|medical|diagnosis)\b/;

/** A coordinated list joiner between two names: ", ", " and ", ", and ", " & ", " or ". */
export const LIST_JOIN = /^(?:,\s?(?:and\s|&\s|or\s)?|\s(?:and|&|or)\s)$/;

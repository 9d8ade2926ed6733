import { normalizeForDetection } from '../../normalize/index.ts';

/**
 * Word classes for instruction-override, disclosure and restriction-removal phrases. Words are written naturally and folded through
 * the detection normaliser at load ("übergehe" → "ubergehe", Cyrillic look-alikes → Latin), so
 * they compare equal to normalised input. A new word that a typo of an old one used to reach
 * must keep the old word's classes ("regles" reached "reglas", "content" reached "context").
 * English and German first (the training data's languages), plus the override verbs and nouns
 * of the other languages seen in attacks (French, Spanish, Italian, Dutch, Croatian, Polish, Russian;
 * Portuguese and more Polish and Dutch in session 8).
 */
export type WordClass =
  /** Verbs that throw away what came before: ignore, forget, disregard… */
  | 'override'
  /** Softer "deviate from" words that count only with a specific target ("contrary to … instructions"). */
  | 'override-soft'
  /** What gets thrown away, specific enough on its own: instructions, rules, prompt… */
  | 'target'
  /** Generic objects that only count with a quantifier: tasks, context, information… */
  | 'weak-target'
  /** Words pointing back at earlier text: previous, above, everything… */
  | 'prior'
  /** Quantifiers/possessives that make a weak target specific: all, your… */
  | 'quantifier'
  /** Verbs asking to disclose: reveal, show, print, repeat… */
  | 'reveal'
  /** Qualifiers that make "prompt"/"instructions" mean the model's own: system, initial, your… */
  | 'own'
  /** The model's hidden text: prompt, instructions, system prompt… */
  | 'prompt-noun'
  /** Negations that turn an override verb into advice ("don't forget your keys"). */
  | 'negation'
  /**
   * First-person possessives: "ignore my previous message" takes back the user's own words. Not the
   * pronoun: "forget everything I said and …" opens deepset's goal hijacks.
   */
  | 'self'
  /**
   * Prior words that also modify a noun: "the previous error" names one earlier thing, not the
   * earlier text, unless the noun is itself a target or a prior noun ("the previous message").
   */
  | 'prior-adjective'
  /** Nouns that keep a prior adjective aimed at what the model was given or read: text, message… */
  | 'prior-noun'
  /** Prepositions that scope a retraction to one topic: "forget what I said about the budget". */
  | 'topic'
  /** Verbs of answering and behaving, for standing orders on how the model responds. */
  | 'respond'
  /** Words that take limits away: without, no, free (of)… */
  | 'unbound'
  /** The model's limits: restrictions, filters, censorship, ethics… */
  | 'limits'
  /** Who a standing order is addressed to (the model): you, du… */
  | 'addressee'
  /** Single words that make an order standing: henceforth, fortan… ("from now on" is a bigram). */
  | 'standing';

const CLASSES: Record<WordClass, string> = {
  override: `ignore ignores ignoring ignored disregard disregarding disregards forget forgetting forgot forget
    bypass override overrule overwrite abandon discard dismiss neglect skip
    ignoriere ignorieren ignoriert ignorier vergiss vergesst vergessen missachte missachten verwirf
    verwerfen übergehe übergehen oubliez oublie oublier ignorez ignorer olvida olvide olvidar olvides
    ignora ignorar dimentica dimenticate vergeet negeer zaboravi zapomnij zignoruj забудь забудьте
    игнорируй esqueça esqueçam esquecer desconsidere desconsiderar pomiń`,
  'override-soft': `abweichend entgegen contrary regardless despite notwithstanding`,
  target: `instructions instruction directions directives guidelines rules prompt prompts programming
    anweisungen anweisung instruktionen befehle vorgaben regeln consignes instrucciones reglas
    istruzioni instruções instructies instrukcije upute instrukcje инструкции règles regras diretrizes
    polecenia wytyczne`,
  'weak-target': `tasks task assignments assignment orders commands context content information conversation
    documents articles aufgaben aufgabe aufträge informationen angaben ausführungen kontext artikel
    policy policies safeguards guardrails ethics principles`,
  prior: `previous previously prior above earlier preceding foregoing initial original everything said
    told vorherigen vorherige vorigen bisherigen bisherige obigen obige oben vorangehenden
    vorangegangenen alles davor zuvor gesagte gesagt früheren précédentes anteriores todo
    precedenti vorige eerdere poprzednie poprzednich wcześniejsze sve все`,
  quantifier: `all your every any these those alle deine ihre jegliche toutes todas tutte wszystkie`,
  reveal: `reveal show print display output repeat tell give share dump leak expose return spell
    zeige zeig gib drucke wiederhole nenne verrate ausgeben révèle révéler affiche afficher montre montrer
    répète muestra muéstrame revela revelar repite imprime pokaż`,
  own: `your system initial original hidden secret full complete entire above previous this
    deine ihre deinen ihren obige obigen gesamten vollständigen ursprünglichen tes ton ta vos votre tus tu su sus
    swój twój`,
  'prompt-noun': `prompt prompts instructions systemprompt prompttext prompttexte embeddings`,
  negation: `dont not never nicht niemals refuse refuses refusing refused`,
  self: `my our mein meine meinen meiner unsere unseren mon ma mes notre nos mi mis nuestra nuestras mio mia miei`,
  'prior-adjective': `previous prior above earlier preceding foregoing initial original vorherigen vorherige
    vorigen vorige bisherigen bisherige obigen obige vorangehenden vorangegangenen früheren`,
  'prior-noun': `text texts message messages input inputs content contents line lines words sentences
    statements paragraphs stuff things ones training guidance texte nachricht nachrichten eingabe
    eingaben inhalt inhalte zeilen sätze worte wörter dinge`,
  topic: `about regarding concerning über bezüglich sobre sur`,
  respond: `answer answers answering respond responds responding reply replies replying speak speaks
    speaking talk talks talking act acts acting behave behaves behaving operate operates operating
    function functions functioning comply complies complying antworte antworten antwortest antwortet
    beantworte beantworten beantwortest reagiere reagieren reagierst sprich sprichst sprechen agiere
    agieren agierst réponds répondre parle parler agis responde responder contesta contestar habla
    hablar rispondi rispondere antwoord antwoorden`,
  unbound: `without no free ohne keine keinen kein frei sans sin senza zonder bez без`,
  limits: `restrictions restriction limitations limitation limits limit filters filter filtering
    censorship censoring constraints boundaries guardrails safeguards ethics morals morality scruples
    rules guidelines policies principles einschränkungen beschränkungen grenzen zensur regeln
    richtlinien limites filtres censure règles restricciones límites filtros censura reglas
    restrizioni limiti filtri regole`,
  addressee: `you youll youre du ihr tu vous usted`,
  standing: `henceforth hereafter forthwith fortan désormais adelante`,
};

export interface LexiconEntry {
  word: string;
  classes: ReadonlySet<WordClass>;
}

function build(): Map<string, LexiconEntry> {
  // Lexicon words go through the same folding as input text.
  const entries = new Map<string, { word: string; classes: Set<WordClass> }>();
  for (const [cls, words] of Object.entries(CLASSES) as Array<[WordClass, string]>) {
    for (const word of words.split(/\s+/)) {
      if (word === '') continue;
      const folded = normalizeForDetection(word).text;
      const entry = entries.get(folded) ?? { word: folded, classes: new Set<WordClass>() };
      entry.classes.add(cls);
      entries.set(folded, entry);
    }
  }
  return entries;
}

/** Every lexicon word, keyed by its normalised form. */
export const LEXICON: ReadonlyMap<string, LexiconEntry> = build();

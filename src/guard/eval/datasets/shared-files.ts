/** Paths of the shared data sets, relative to the shared data directory. */
export const SHARED_FILES = {
  deepsetTrain: 'guard/injection/deepset-resplit-train.csv',
  deepsetVal: 'guard/injection/deepset-resplit-val.csv',
  langkitThemes: 'guard/injection/langkit-themes.json',
  notInjectOne: 'guard/benign/NotInject_one.json',
  notInjectTwo: 'guard/benign/NotInject_two.json',
  wildguard: 'guard/benign/wildguard.json',
  awesomePrompts: 'guard/benign/awesome-chatgpt-prompts.csv',
  davidson: 'guard/toxicity/davidson-labeled_data.csv',
  presidio: 'guard/pii/presidio-generated_large.json',
  cranfield: 'ir/cranfield/cran.all.1400.xml',
  scifactClaims: 'ir/scifact-titles/queries.jsonl',
} as const;

/** Attribution for everything derived from the shared data (from each set's LICENSE note). */
export const SHARED_SOURCES = {
  deepset: {
    name: 'deepset/prompt-injections, re-split (train.csv / val.csv) by AegisPrompt',
    url: 'https://github.com/itshaurya055-glitch/AegisPrompt',
    commit: 'f502ae7c5868c1e94a60093cb872dabd181b47bd',
    license: 'Apache-2.0 (original: https://huggingface.co/datasets/deepset/prompt-injections, Apache-2.0)',
  },
  langkit: {
    name: 'WhyLabs LangKit themes.json (jailbreak list)',
    url: 'https://github.com/whylabs/langkit',
    commit: '5d6cab1e2ff32181ba5c514aaa2a4473421dc413',
    license: 'Apache-2.0',
  },
  injecGuard: {
    name: 'InjecGuard NotInject_one/_two and wildguard benign subset',
    url: 'https://github.com/leolee99/InjecGuard',
    commit: '588f555cbc2d592b3fbc9b6f462d844b8bcddb4d',
    license: 'MIT (wildguard.json derived from AllenAI WildGuardTest, ODC-BY)',
  },
  awesomePrompts: {
    name: 'f/awesome-chatgpt-prompts prompts.csv',
    url: 'https://github.com/f/awesome-chatgpt-prompts',
    commit: '078df58ab884d730740cad1bd503d9e104873357',
    license: 'CC0-1.0',
  },
  davidson: {
    name: 'Davidson et al., Hate Speech and Offensive Language (labeled_data.csv)',
    url: 'https://github.com/t-davidson/hate-speech-and-offensive-language',
    commit: 'cb50f7e9eb855a99abc51423bf40df0e26d6fe30',
    license: 'MIT',
  },
  presidio: {
    name: 'microsoft/presidio-research generated_large.json',
    url: 'https://github.com/microsoft/presidio-research',
    commit: '7622dec1e5f7d25dc60b57c28c39f4c4af197018',
    license: 'MIT',
  },
  cranfield: {
    name: 'Cranfield collection (TREC XML by oussbenk/cranfield-trec-dataset); attribute Cleverdon (Cranfield)',
    url: 'https://github.com/oussbenk/cranfield-trec-dataset',
    commit: '1208e6edfb6cb2527b2c44398d3d8fefd3249144',
    license: 'research use (no formal licence; distributed freely by the Glasgow IR group)',
  },
  scifact: {
    name: 'BEIR SciFact claims (Wadden et al. 2020), via AsherJingkongChen/emch',
    url: 'https://github.com/AsherJingkongChen/emch',
    commit: '7d1b909514ad1d0f9051b762099289e2babb41e6',
    license: 'claims CC BY 4.0',
  },
} as const;

import { wordSet } from '../../../util/index.ts';

/**
 * Technology names for person-tech.ts, kept apart from the name lists on purpose.
 *
 * Why: a developer sending "write it in Ruby or Julia" through a mask-and-restore gateway must not
 * have "Ruby" and "Julia" replaced by placeholders, or the model cannot answer. Those words are
 * given names too, and a name list cannot tell the two apart, so they stay in the name lists and
 * the sentence decides (person-tech.ts): a version, a noun such as "cluster" or "gem" after the
 * name, a programming frame around it, backticks, or unambiguous technology names beside it.
 */

const set = wordSet;

/**
 * Languages, databases, frameworks, tools and models whose names the given-name lists also hold
 * (checked against names-lexicon.ts: names, rare names, word names or ambiguous ones). Names the
 * lists mark as places or brands (Alexa, Siri, Cortana, Django, Perl, Haskell, Lua, Claude) are
 * never a person alone already; names the lists do not hold at all (Jenkins, Kafka, Elixir,
 * Jekyll, Gatsby, Flask, Celery, Pandas, Bazel, Ansible, Mercurial) are left alone by the detector
 * and need nothing here. "Kafka" in "Franz Kafka" is a surname after a given name and stays one.
 */
export const TECH_NAMES = set(`
  ruby julia ada crystal pascal jade
  cassandra aurora athena
  jasmine karma cypress chai
  travis hugo maven sage phoenix ember luigi prisma koa apollo
  jax bert elmo
  kali rocky alma pip
`);

/**
 * Technology names with no person reading in a prompt, used as evidence for a neighbour in a list
 * ("Python, Ruby and Go", "Julia vs. Python") or in the sentence ("port this Python function to
 * Julia"). Words among them ("Go", "Rust", "Swift", "Node") count only as list members.
 */
export const UNAMBIGUOUS_TECH = set(`
  python javascript typescript java golang go rust php perl haskell scala kotlin swift c cpp csharp r
  matlab fortran cobol lisp clojure erlang elixir ocaml lua dart elm nim zig sql bash powershell
  postgres postgresql mysql mongodb mongo redis sqlite dynamodb elasticsearch kafka rabbitmq spark
  hadoop bigquery snowflake jest mocha vitest pytest junit rspec selenium playwright puppeteer
  node nodejs deno react angular vue svelte express django flask rails laravel docker kubernetes k8s terraform
  ansible jenkins gitlab github circleci linux macos ubuntu debian numpy pandas pytorch tensorflow
  keras html css json yaml xml graphql grpc aws gcp azure nginx jupyter vscode vim emacs npm
  webpack gradle julia-lang rubygems jekyll hexo eleventy wordpress scylladb
`);

/**
 * Nouns that cannot be a verb right after a name: "our Cassandra cluster", "a Ruby gem", "the
 * Julia REPL", "Travis CI". "Julia cluster" has no person reading, "Julia tests" has one (see
 * VERB_LIKE_NOUNS).
 */
export const TECH_NOUNS = set(`
  cluster codebase codebases gem gems package library libraries sdk sdks api apis interpreter
  interpreters compiler compilers runtime runtimes repl syntax script notebook notebooks pipeline
  pipelines node nodes keyspace keyspaces spec specs plugin plugins module modules developer
  developers programmer programmers devs ci vm jit gc orm cli ide driver drivers bindings binding
  server servers instance instances database databases db schema schemas template templates theme
  themes jobs container containers docs documentation community ecosystem skills expertise version
  versions migration migrations installation tutorial tutorials kernel toolchain stdlib macro
  macros exception exceptions stacktrace traceback gemfile linter formatter debugger profiler
  framework frameworks extensions wrapper wrappers shell console binary binaries repo repository
  repositories snippet snippets site sites middleware assertions assertion matchers config
  configuration dataframe dataframes arrays embeddings tokenizer setup
`);

/**
 * Nouns that are also verbs after a subject's name: "Jasmine tests fail" (the tests) but "Julia
 * tests the build" (she tests it). Read as nouns only after a determiner ("our Julia code") or
 * before a verb or auxiliary that needs a plural or a noun subject ("Jasmine tests fail on CI").
 */
export const VERB_LIKE_NOUNS = set(`
  test tests build builds release releases run runs code codes scripts packages port ports clusters
  query queries upgrade upgrades project projects benchmark benchmarks deploy deploys deployment
  install installs update updates experience support logs errors bugs issues file files output
  stack models
`);

/**
 * Bare forms among them that are the noun after a name unless a verb is licensed (see
 * BARE_VERB_LICENSORS): "Generate Julia code", "the latest Ruby release". Not "update", "support",
 * "test" or "project", which also follow a person's name as a heading ("Julia update: she is
 * better", "Julia test results").
 */
export const BARE_NOUNS = set('code build release port query deploy benchmark upgrade install');

/**
 * Words before a name after which a bare verb follows it: "Let Julia code it", "Can Julia test
 * this?", "Julia and Ruby build the app". Elsewhere a bare singular noun-verb after a name is the
 * noun: "Generate Julia code", "Give me Ruby code" (a person would be "Julia codes").
 */
export const BARE_VERB_LICENSORS = set(`
  let lets make makes made help helps helped have has had watch watched see saw seen hear heard
  do does did don't doesn't didn't will would can could should must might may shall won't can't
  and or nor
`);

/**
 * Verbs whose object is a person, before the name: "Ask Julia support questions", "Tell Julia tests
 * are failing". After them the noun after the name is the verb's second object.
 */
export const PERSON_OBJECT_VERBS = set(`
  ask asked tell told give gave send sent show showed email emailed message ping remind reminded
  teach taught offer offered bring brought
`);

/**
 * Kinds of software at the head of "X is a …": "Julia is a high-level programming language",
 * "Cassandra is a wide-column store". Not "assistant", "model", "editor", "runner" or
 * "broker" ("a teaching assistant", "a fashion model").
 */
export const SOFTWARE_KINDS = set(`
  language languages database databases store framework frameworks library libraries toolkit runtime
  compiler interpreter ide engine platform orm queue sdk api package module plugin linter
  formatter dialect distribution distro cli generator shell
`);

/** Words after such a noun that make it the subject: "tests fail", "code is", "builds are". */
export const SUBJECT_VERBS_AFTER = set(`
  is are was were has have had do does did can could will would should must may might isn't aren't
  wasn't weren't hasn't haven't doesn't don't didn't can't won't shouldn't fail fails failed pass
  passes passed break breaks broke crash crashes crashed hang hangs keep keeps need needs take takes
  took time times timed ship ships shipped run runs ran work works worked look looks seem seems
  feel feels got get gets go goes went keeps return returns throw throws
`);

/**
 * Determiners before a name that make the next word its attribute: "our Julia code", "which Ruby
 * version". Not "that" or "what" ("I heard that Julia tests the build").
 */
export const DETERMINERS = set(
  'the a an our my your their its his her this these those which whose every each some any no',
);

/**
 * Words of programming, for frames that need them: "write it in Ruby", "using Julia, write a
 * function", "port this function to Julia".
 */
export const PROGRAMMING_WORDS = set(`
  code codes coding coded codebase function functions method methods class classes script scripts
  scripting program programs programming programmer programmers write writing written rewrite
  rewriting rewritten port ported porting implement implementing implemented implementation
  library libraries language languages compile compiled compiler module modules package packages
  framework frameworks syntax snippet algorithm loop loops array arrays vector vectors regex api sdk
  server servers backend frontend app application database query queries benchmark benchmarks
  parser variable variables string strings dataframe dataframes repl interpreter runtime
`);

/** Verbs that move code from one language or system to another: "port … to Julia", "translate … from Ruby". */
export const CONVERSION_VERBS = set(`
  port ported porting migrate migrated migrating convert converted converting translate translated
  translating rewrite rewrote rewritten rewriting transpile transpiled transpiling compile compiled
  switch switched switching
`);

/** Nouns before "for" that make the name after it a platform: "bindings for Julia", "a plugin for Jenkins". */
export const FOR_NOUNS = set(`
  library libraries bindings binding package packages plugin plugins sdk driver drivers extension
  extensions wrapper wrappers linter formatter debugger ide port
`);

/** Verbs whose object is software, right before the name: "install Julia", "learning Ruby". */
export const SOFTWARE_VERBS = set(`
  install installed installing installs reinstall reinstalled uninstall uninstalled download
  downloaded downloading downloads learn learning learned learnt
`);

/**
 * Words after a possessive that belong to a language or tool: "Ruby's syntax", "Julia's type
 * system". Not "compiler" or "codebase", which a person can own too ("Julia's compiler talk").
 */
export const POSSESSIVE_TECH = set(
  'syntax repl gc jit macros metaprogramming stdlib semantics gems keyspace',
);
export const POSSESSIVE_TECH_PAIRS = set(
  'type|system multiple|dispatch standard|library garbage|collector package|manager type|checker memory|model object|model',
);

/** Second words that make a two-word run a product: "Kali Linux", "Rocky Linux 9", "Apollo Client". */
export const TECH_SECOND_WORDS = set('linux os ci cd db sdk api repl gems lang client server cloud');

/** Vendors and foundations right before the name: "Apache Cassandra", "Amazon Aurora", "AWS Athena". */
export const VENDORS = set('apache amazon aws google microsoft azure ibm gcp');

/** Connectors between list members: "Julia or Python", "Julia vs. Python", "Python, Ruby and Go". */
export const LIST_CONNECTORS = set('and or nor vs versus');

/** Comparatives before "than": "Is Crystal faster than Ruby?" */
export const COMPARATIVES = set(`
  faster slower better worse easier harder simpler safer newer older bigger smaller leaner cleaner
  nicer stricter
`);

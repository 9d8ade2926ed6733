import { wordSet } from '../../../util/index.ts';

/**
 * Street vocabulary in the languages whose address formats the detector knows. Everything is lower
 * case and compared against a token with trailing punctuation removed (so "Str." is looked up as
 * "str"). Three positions matter:
 * - a prefix type word comes before the street name ("Rue de la Paix 12", "ul. Karpacka 69");
 * - a suffix type word follows it ("Hegedűs Gyula utca 76", "Schönhauser Allee 5", "12 Main Street");
 * - a compound ending is glued to the name ("Hauptstraße 5", "Eskelundsvej 15", "Kaarikatu 32").
 */

const words = wordSet;

/**
 * Type words that precede the name. Ambiguous ones (also ordinary words) are listed below too. The
 * Spanish ones follow the road types of Spain's street registers ("Terrenos", "Ramal", "Masía").
 */
export const STREET_PREFIX = words(`
  rue avenue av ave avda avenida boulevard bd bvd blvd chemin impasse allée quai cours route place
  calle carrer passeig paseo pasaje plaza praza camino carretera carrera ronda rambla travesía vía via
  viale vicolo piazza piazzale corso strada contrada largo lungomare rua r travessa praça estrada alameda
  avinguda ul ulica al aleja os osiedle pl plac trg ulitsa prospekt bulevar bulevardul calea str
  náměstí nám třída zona urb urbanización
  bajada calleja cañada caserío caserio costanilla explanada extramuros jardines pasadizo plazuela
  polígono poligono prolongación rampa riera senda sendero subida torrente travesia vereda autovía
  cuesta colonia conjunto edificio mercado muelle lugar barrio parque huerta arroyo aldea rincón
  barranco escalinata extrarradio ferrocarril masía masia poblado ramal terrenos parcela
  acceso chalet lado salida puerta puente manzana
  wyb wyspa rynek szosa skwer rondo bulw droga ogród borgo rodovia marginal sector municipio entrada quinta
  voie ruelle sentier faubourg hameau parvis passage square promenade esplanade cité partida arrabal grupo
  strada aleea intrarea șoseaua soseaua splaiul piața piata drumul fundătura
  c/ cl cra kr jr jirón jl jln jalan calzada callejón glorieta v.le p.za p.zza c.so vul ул улица пр просп проспект пер
  переулок бул вул
  улицу улице улицы проспекта проспекте переулке переулка бульвар бульваре шоссе площадь вулиця вулиці
  λεωφ λεωφόρος λ οδός οδ πλατεία πλ odos odós leoforos leof
  شارع بشارع طريق
  רחוב ברחוב שדרות בשדרות דרך
`);

/** Prefix words that are also everyday words: they count only with more evidence. */
export const WEAK_PREFIX = words(
  `via place route cours zona r al os pl plaza largo corso str cl kr jr пр пер
  cuesta colonia conjunto edificio mercado muelle lugar barrio parque huerta arroyo aldea rincón rampa senda
  droga ogród marginal sector municipio entrada quinta rondo passage square promenade esplanade cité grupo
  acceso chalet lado salida puerta puente manzana ferrocarril`,
);

/** Type words after the name, in English (house number first: "12 Main Street"). */
export const EN_SUFFIX = words(`
  street st road rd avenue ave av boulevard blvd drive dr court ct lane ln way place pl terrace ter
  circle cir parkway pkwy highway hwy square sq trail trl alley loop crescent cres plaza plz
  expressway expy freeway fwy pike turnpike tpke row walk path heights hts center ctr centre close mews
  grove gardens gdns green hill rise parade esplanade embankment wharf quay creek crossing causeway
  circuit cove glen ridge point landing commons junction bypass broadway
`);

/**
 * The rest of the USPS street suffixes (Publication 28, appendix C1, primary names and their
 * plurals) and British ones (Brow, Lea, Vale, Fold…) that EN_SUFFIX leaves out because they are
 * everyday words too ("Harbor", "Mill", "View"). After a house number and a name they are a street
 * type ("9010 Reva Harbor", "7 Maudie Vale"); address-street.ts trusts them fully only when no name
 * word is an English word ("12 Safe Harbor" needs a town or unit as well).
 */
export const WEAK_EN_SUFFIX = words(`
  alley anex annex arcade bayou beach bend bluff bluffs bottom branch bridge brook brooks burg burgs
  camp canyon cape centers circles cliff cliffs club common corner corners course courts coves crest
  crossroad crossroads curve dale dam divide drives estate estates extension extensions falls ferry field
  fields flats ford fords forest forge forges fork forks fort gateway glens greens groves harbor harbors
  harbour haven hills hollow inlet island islands isle junctions key keys knoll knolls lake lakes
  lights lock locks lodge manor manors meadow meadows mill mills mission motorway mount mountain
  mountains neck orchard oval overpass park parks parkways pass passage pine pines plain plains points
  port ports prairie radial ramp ranch rapid rapids ridges river roads route rue shoal shoals shore
  shores skyway spring springs spur spurs squares station stravenue stream streets summit throughway
  trace track trafficway tunnel underpass valley valleys viaduct view views village villages ville
  vista walks ways well wells
  approach brow chase croft dene drove fold garth gate lea leys nook paddock vale wynd brae copse
  grange yard loaf side
`);

/** Type words after the name in other languages ("Gosposka ulica 47", "Bem rakpart 79."). */
export const FOREIGN_SUFFIX = words(`
  straße strasse str gasse weg allee platz ring damm ufer chaussee markt steig
  utca u út útja tér tere körút krt rakpart köz sor fasor sétány lakótelep körtér főtér főút dűlő liget
  vej vei veien vegen vegur gata gatan gade gränd väg vägen plads torv allé stræde stræti
  tee tänav mnt maantee iela gatvė katu tie kuja polku bulvāris laukums gatve gāte dambis šoseja krastmala
  laan straat plein dreef kade gracht singel dijk steenweg lei kaai
  ulica caddesi cad sokak sk sokağı bulvarı yolu
  gate pr prosp prospekt prospektas
  रोड मार्ग गली marg
`);

/** Hungarian type words: the house number is written with a trailing full stop ("Király u. 23."). */
export const DOT_NUMBER_SUFFIX = words(
  'utca u út útja tér tere körút krt rakpart köz sor fasor sétány lakótelep körtér főtér főút dűlő liget',
);

/** Endings of one-word street names ("Wiesenstrasse", "Brixtonlaan", "Västerviksgatan"). */
export const COMPOUND_ENDING =
  /(?:straße|strasse|str|straeti|plaats|gasse|weg|allee|platz|damm|ufer|lände|brücke|steig|pfad|chaussee|graben|laan|straat|plein|gracht|singel|dreef|dijk|steenweg|vej|vei|veien|vegen|vegur|gata|gatan|gade|gränd|vägen|stræti|stræde|bakken|bakke|torget|torg|tie|katu|kuja|polku|raitti|kaari|ranta|penger|linja|rinne|väylä|aukio|puistikko|tänav|caddesi|sokak|sokağı|plantsoen|gränden|allén|gärdet|backen|stigen|lakótelep|plassen|lunden|kollen|havna|svingen|tunet|jordet|stien|åsen|haugen|moen|løkka|sgate)$/;

/** Ordinary words that happen to end like a compound street name. */
export const NOT_COMPOUND = words(`
  brigade renegade tie necktie bowtie untie yamagata niigata nagata ogata
  spielplatz parkplatz sportplatz arbeitsplatz zeltplatz campingplatz radweg fußweg fussweg gehweg feldweg
  waldweg wanderweg rundweg umweg ausweg heimweg schulweg bahnsteig
`);

/** Words that introduce an apartment, suite or floor. */
export const UNIT_WORDS = words(`
  apt apartment appt app suite ste unit flat fl floor room rm bldg building piso puerta pta dpto depto
  departamento étage etage wohnung whg lgh top
  office level lvl shop villa plot blk bât bat bâtiment apto ap sala andar bloco conj bus bte m lok
  lokal kv кв daire int interno esc escalera rr hc appartement escalier
  zimmer hus stan oppgang piano appartamento lgh lägenhet leil leilighet kat casa lote bloc dz bl sc scara
  apartamento oficina
`);

/** Units that can open a block with no house number ("Flat 12, MG Road, …"): not "Level 5", "Top 10". */
export const DWELLING_WORDS = words(`
  flat apt apartment appt suite ste unit plot villa lot shop blk block bldg building house appartement apto
  dpto depto departamento
`);

/** Words after a floor number: sides and doors ("2º B", "4º izq.", "2. tv.", "6ª planta", "3. OG"). */
export const FLOOR_WORDS = words(`
  izq izda izquierda dcha der dra derecha centro ctro planta piso andar tv th mf sal st og eg etage
  étage stock
`);

/** Words after a house number that belong to it: "12 bis rue Victor Hugo", "Rue X 12 ter". */
export const NUMBER_SUFFIX = words('bis ter quater');

/** Words between a street and its number: "ul. Tverskaya, d. 7", "Bağdat Caddesi No 120". */
export const HOUSE_MARKS = words('d д дом no nº n° nr nro núm n');

/**
 * Building words that stand where a house number would, after a typed street: Romanian blocks of
 * flats are addressed by the block ("Aleea Valului, Bloc 58, Ap. 16", "Str. Morii bl. 12").
 */
export const BUILDING_MARKS = words('bloc bl');

/** Labels written with a colon before their number: "No:5 D:3", "Daire: 4" (Turkey). */
export const COLON_LABELS = words('no d daire kat blok apt kv nr');

/** Words before the street's own number that name it: "Lot 12 Bruce Hwy", "No. 1 … Avenue". */
export const UNIT_LEAD_WORDS = words('lot no nº n° nr nro núm num number blk block plot house h.no');

/** "N", "NW"… after "12 Main Street". */
export const DIRECTIONS = words('n s e w ne nw se sw north south east west');

/** Abbreviations whose full stop belongs to the token rather than ending a sentence. */
export const ABBREVIATIONS = words(`
  st rd ave av blvd dr ct ln pl sq ter cir pkwy hwy trl cres plz ctr str ul al os nám u krt mnt cad sk
  col apt appt app ste fl rm bldg dpto depto pta avda bd bvd urb proc gen dott sta sto sr sra dr mr mrs ms
  p.o po no nr s/n lgh leil dz bulw wyb apto ap bl sc sv λεωφ λ οδ πλ
  jl jln co tv th mf sal izq izda dcha der esc int bât bat lok kv кв ул пр д nº nro núm jr pr prosp vul
  mt ft pt
`);

/** Lower-case words inside names: "Rue de la Paix", "Via Santa Teresa degli Scalzi". */
export const PARTICLES = words(`
  de del della delle degli dei di da das do dos du des la le les los las el al y e i a aux
  van von der den ter ten op aan het te am an im auf bei zum zur nad pod na sur en upon ibn bin u v w z ob pri
`);

/** Function words that end a street name or town: "… to", "… and", "… in case". */
export const STOP_WORDS = words(`
  the a an and or but nor for to of at in on by with from into onto near is are was were be been being
  am i we you he she they it my your his her our their its me us them this that these those please
  if when where which who whom whose while then than so as not no yes do does did have has had will
  would can could should shall may might must there here also just only very about after before
  between through during per since until till over under every each all any some more most other such
  what how why let get got see need want thanks thank regards cheers dear hi hello hey ok okay
  sincerely best kind warm call phone tel fax email mail contact
  address adresse adres adresa dirección direccion indirizzo endereço morada ist à au aux chez est sind
  sont bitte nach para por naar til till på och og und dans pour vers pls plz thx asap today tomorrow
  tonight now soon last next yesterday recently monday tuesday wednesday thursday friday saturday sunday
`);

/**
 * Nouns that number things in ordinary prose: "Chapter 12", "page 3", "Season 2". A name of
 * unknown words that ends in one of these before the number is not a street.
 */
export const NUMBERED_NOUNS = words(`
  chapter section sec page pg part step level grade version ver release season episode ep figure fig
  table item lot gate exit bus line flight platform track question problem exercise lesson week day
  year stage phase round game match volume vol issue number no nr class group team batch model type
  series size article art clause paragraph para rule act scene verse psalm book term semester ward bed
  order invoice ticket case account option plan tier mark mk gen generation windows iphone ios android
  python java top chart rank seat slide appendix annex note footnote sprint iteration milestone build
  test sample trial patient subject participant id code pin port channel interstate district zone
  window mac office suite unit room apollo gemini pixel galaxy playstation xbox
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
  sunday mon tue tues wed thu thur thurs fri sat sun
`);

/**
 * Names that take a version, model or sequel number and are no English word: "on Ubuntu 22",
 * "at Boeing 747", "on Diablo 4", "in Ligue 1". Beside the technology names of person-tech-names.ts,
 * they keep a capitalised word and a number from reading as a street with no type word.
 */
export const NUMBERED_NAMES = words(`
  ubuntu kubuntu xubuntu lubuntu debian fedora centos rhel manjaro gentoo alpine opensuse suse mint
  raspbian freebsd openbsd netbsd solaris aix ios ipados macos watchos tvos visionos harmonyos
  nuxt symfony laravel drupal joomla magento typo3 godot blender photoshop lightroom xcode netbeans
  eclipse intellij pycharm webstorm vmware proxmox openshift openstack
  diablo dota tekken witcher cyberpunk overwatch borderlands bioshock battlefield halo fallout
  starcraft warcraft stalker metro crysis portal quake doom minecraft fortnite
  boeing airbus cessna embraer bombardier tupolev antonov ilyushin sukhoi mig
  ligue bundesliga eredivisie laliga liga serie ekstraklasa superliga
  nintendo playstation xbox galaxy pixel iphone ipad ipod macbook imac thinkpad surface kindle
  gpt llama mistral gemma claude qwen phi falcon
  corinthians thessalonians chronicles kings samuel timothy peter john
`);

/** Words that count or measure right after a number: "5 Stars", "12 Noon", "3 Kids". */
export const QUANTITY_WORDS = words(`
  noon midnight am pm a.m p.m hours hour hrs yrs yr wks mos minutes minute min mins seconds second sec secs days day
  weeks week months month years year times percent pieces pcs items units people persons kids children
  stars points pts goals miles mile km kg lbs lb euros euro dollars dollar usd eur gbp copies rooms
  suites steps tips ways things reasons ideas facts questions players teams games rounds laps sets reps
`);

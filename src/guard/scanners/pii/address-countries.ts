/**
 * Country names that close an address block ("… Lyon, France 69001"). Written by hand from the ISO
 * 3166-1 English short names, plus the common short forms and older names people still write
 * ("Swaziland", "Macedonia", "Czech Republic", "Ivory Coast") and a few endonyms. Lower case.
 */
const NAMES = [
  'afghanistan|albania|algeria|american samoa|andorra|angola|anguilla|antarctica|antigua and barbuda',
  'argentina|armenia|aruba|australia|austria|azerbaijan|bahamas|the bahamas|bahrain|bangladesh|barbados',
  'belarus|belgium|belize|benin|bermuda|bhutan|bolivia|bosnia and herzegovina|botswana|brazil',
  'british virgin islands|brunei|brunei darussalam|bulgaria|burkina faso|burundi|cabo verde|cape verde',
  'cambodia|cameroon|canada|cayman islands|central african republic|chad|chile|china',
  "people's republic of china|christmas island|cocos islands|colombia|comoros|congo|republic of the congo",
  'democratic republic of the congo|dr congo|cook islands|costa rica|croatia|cuba|curaçao|cyprus',
  'czech republic|czechia|denmark|djibouti|dominica|dominican republic|east timor|timor-leste|ecuador',
  'egypt|el salvador|equatorial guinea|eritrea|estonia|eswatini|swaziland|ethiopia|falkland islands',
  'faroe islands|fiji|finland|france|french guiana|french polynesia|gabon|gambia|the gambia|georgia',
  'germany|ghana|gibraltar|greece|greenland|grenada|guadeloupe|guam|guatemala|guernsey|guinea',
  'guinea-bissau|guyana|haiti|holy see|vatican city|honduras|hong kong|hungary|iceland|india|indonesia',
  'iran|iraq|ireland|republic of ireland|isle of man|israel|italy|ivory coast|jamaica|japan',
  'jersey|jordan|kazakhstan|kenya|kiribati|north korea|south korea|korea|kosovo|kuwait|kyrgyzstan|laos',
  'latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|macao|macau|madagascar',
  'malawi|malaysia|maldives|mali|malta|marshall islands|martinique|mauritania|mauritius|mayotte|mexico',
  'micronesia|moldova|monaco|mongolia|montenegro|montserrat|morocco|mozambique|myanmar|burma|namibia',
  'nauru|nepal|netherlands|the netherlands|holland|new caledonia|new zealand|nicaragua|niger|nigeria',
  'niue|north macedonia|macedonia|northern mariana islands|norway|oman|pakistan|palau|palestine|panama',
  'papua new guinea|paraguay|peru|philippines|pitcairn islands|poland|portugal|puerto rico|qatar',
  'réunion|reunion|romania|russia|russian federation|rwanda|saint barthélemy|saint helena',
  'saint kitts and nevis|saint lucia|saint martin|saint pierre and miquelon',
  'saint vincent and the grenadines|samoa|san marino|sao tome and principe|são tomé and príncipe',
  'saudi arabia|senegal|serbia|seychelles|sierra leone|singapore|sint maarten|slovakia|slovenia',
  'solomon islands|somalia|south africa|south sudan|spain|sri lanka|sudan|suriname|sweden|switzerland',
  'syria|taiwan|tajikistan|tanzania|thailand|togo|tokelau|tonga|trinidad and tobago|tunisia|turkey',
  'türkiye|turkmenistan|turks and caicos islands|tuvalu|uganda|ukraine|united arab emirates|uae',
  'united kingdom|uk|great britain|england|scotland|wales|northern ireland|united states',
  'united states of america|usa|u.s.a.|us virgin islands|uruguay|uzbekistan|vanuatu|venezuela|vietnam',
  'viet nam|wallis and futuna|western sahara|yemen|zambia|zimbabwe',
  // ISO 3166 long and older forms that forms and generators print.
  "côte d'ivoire|cote d'ivoire|democratic people's republic of korea|republic of korea|kyrgyz republic",
  "lao people's democratic republic|libyan arab jamahiriya|syrian arab republic|bouvet island",
  'british indian ocean territory|french southern territories|heard island and mcdonald islands',
  'norfolk island|south georgia and the south sandwich islands|united states minor outlying islands',
  'åland islands|aland islands|bonaire|falkland islands|cocos islands',
  // Endonyms seen on envelopes.
  'deutschland|österreich|schweiz|suisse|svizzera|españa|italia|nederland|belgië|belgique|polska',
  'česko|slovensko|magyarország|sverige|norge|danmark|suomi|ísland|éire|ελλάδα|ελλάς|κύπρος|brasil',
  'méxico|perú|россия|україна|türkiye',
].flatMap((line) => line.split('|'));

export const COUNTRIES: ReadonlySet<string> = new Set(NAMES);

/** First words of the names, so most words are ruled out with one lookup. */
export const COUNTRY_FIRST_WORDS: ReadonlySet<string> = new Set(NAMES.map((n) => n.split(' ')[0] as string));

/** Longest country name, in words, so a lookup knows how far ahead to try. */
export const MAX_COUNTRY_WORDS = Math.max(...NAMES.map((n) => n.split(' ').length));

/** Countries that are also common given names: before prose they may be the subject ("…, Jordan will call"). */
export const PEOPLE_COUNTRIES: ReadonlySet<string> = new Set([
  'jordan',
  'georgia',
  'chad',
  'india',
  'israel',
  'kenya',
  'jamaica',
  'china',
]);

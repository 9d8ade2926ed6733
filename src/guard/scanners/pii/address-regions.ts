/**
 * First-level regions written out in full after a town ("Guildford, Surrey", "Austin, Texas",
 * "Sydney, New South Wales"): US states, Canadian provinces and territories, Australian states and
 * territories, English ceremonial counties and Scottish, Welsh and Northern Irish areas, Irish
 * counties, Indian states, German Länder (English and German names) and Japanese prefectures.
 * Written by hand from the ISO 3166-2 subdivision lists. Lower case.
 *
 * A region only confirms a place name the tail already reads as a further town, so names that are
 * also towns ("New York", "Tokyo") or people ("Victoria", "Kent") do not open an address on their own.
 */
export const US_STATE_NAMES = [
  'alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii',
  'idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan',
  'minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico',
  'new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina',
  'south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming',
  'puerto rico|district of columbia',
].flatMap((line) => line.split('|'));

const OTHER_NAMES = [
  // Canada.
  'alberta|british columbia|manitoba|new brunswick|newfoundland and labrador|newfoundland|nova scotia',
  'ontario|prince edward island|quebec|québec|saskatchewan|yukon|northwest territories|nunavut',
  // Australia.
  'new south wales|queensland|south australia|tasmania|victoria|western australia',
  'australian capital territory|northern territory',
  // England (ceremonial counties and common historic ones), Scotland, Wales, Northern Ireland.
  'bedfordshire|berkshire|buckinghamshire|cambridgeshire|cheshire|cornwall|cumbria|derbyshire|devon',
  'dorset|durham|east sussex|essex|gloucestershire|greater london|greater manchester',
  'hampshire|herefordshire|hertfordshire|isle of wight|kent|lancashire|leicestershire|lincolnshire',
  'merseyside|norfolk|north yorkshire|northamptonshire|northumberland|nottinghamshire|oxfordshire',
  'rutland|shropshire|somerset|south yorkshire|staffordshire|suffolk|surrey|tyne and wear',
  'warwickshire|west midlands|west sussex|west yorkshire|wiltshire|worcestershire|east riding of yorkshire',
  'middlesex|yorkshire|sussex|aberdeenshire|argyll and bute|fife|highland|lothian|midlothian',
  'west lothian|east lothian|perth and kinross|scottish borders|stirlingshire|ayrshire|lanarkshire',
  'dumfries and galloway|angus|moray|gwynedd|powys|pembrokeshire|carmarthenshire|ceredigion',
  'monmouthshire|glamorgan|vale of glamorgan|denbighshire|flintshire|conwy|anglesey',
  'antrim|armagh|down|fermanagh|londonderry|tyrone',
  // Ireland ("Co. Cork" and "County Cork" are read as "cork", see isRegionName).
  'carlow|cavan|clare|cork|donegal|dublin|galway|kerry|kildare|kilkenny|laois|leitrim|limerick',
  'longford|louth|mayo|meath|monaghan|offaly|roscommon|sligo|tipperary|waterford|westmeath|wexford',
  'wicklow',
  // India.
  'andhra pradesh|arunachal pradesh|assam|bihar|chhattisgarh|goa|gujarat|haryana|himachal pradesh',
  'jharkhand|karnataka|kerala|madhya pradesh|maharashtra|manipur|meghalaya|mizoram|nagaland|odisha',
  'punjab|rajasthan|sikkim|tamil nadu|telangana|tripura|uttar pradesh|uttarakhand|west bengal',
  'delhi|new delhi|jammu and kashmir|ladakh|puducherry|chandigarh',
  // Germany.
  'baden-württemberg|baden-wuerttemberg|bavaria|bayern|berlin|brandenburg|bremen|hamburg|hesse',
  'hessen|lower saxony|niedersachsen|mecklenburg-vorpommern|mecklenburg-western pomerania',
  'north rhine-westphalia|nordrhein-westfalen|nrw|rhineland-palatinate|rheinland-pfalz|saarland',
  'saxony|sachsen|saxony-anhalt|sachsen-anhalt|schleswig-holstein|thuringia|thüringen',
  // Japan (prefectures, with and without the suffix).
  'hokkaido|aomori|iwate|miyagi|akita|yamagata|fukushima|ibaraki|tochigi|gunma|saitama|chiba',
  'tokyo|kanagawa|niigata|toyama|ishikawa|fukui|yamanashi|nagano|gifu|shizuoka|aichi|mie|shiga',
  'kyoto|osaka|hyogo|nara|wakayama|tottori|shimane|okayama|hiroshima|yamaguchi|tokushima|kagawa',
  'ehime|kochi|fukuoka|saga|nagasaki|kumamoto|oita|miyazaki|kagoshima|okinawa',
].flatMap((line) => line.split('|'));

const PREFECTURE_SUFFIXES = ['-ken', ' prefecture', '-fu', '-to'];

export const REGION_NAMES: ReadonlySet<string> = new Set([
  ...US_STATE_NAMES,
  ...OTHER_NAMES,
  ...OTHER_NAMES.slice(OTHER_NAMES.indexOf('hokkaido')).flatMap((p) => PREFECTURE_SUFFIXES.map((s) => p + s)),
]);

const COUNTY = /^(?:county|co\.?) /;

/**
 * Whether the words, lower-cased and joined by single spaces, name a region. "County Cork",
 * "Co. Cork" and "Co Durham" name the county ("down" alone does not: only "County Down").
 */
export function isRegionName(lowerWords: string): boolean {
  const county = COUNTY.exec(lowerWords);
  if (county) return REGION_NAMES.has(lowerWords.slice(county[0].length));
  return lowerWords !== 'down' && REGION_NAMES.has(lowerWords);
}

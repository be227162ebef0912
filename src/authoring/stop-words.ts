/**
 * Function words of English and Spanish. They tell the two languages apart and keep words
 * like "the" or "para" from being chosen as quiz answers.
 */

const ENGLISH = `a about above after again against all also am an and any are aren't as at be
because been before being below between both but by can can't cannot could couldn't did didn't
do does doesn't doing don't down during each either else even ever every few for from further
had hadn't has hasn't have haven't having he her here hers herself him himself his how however
i if in into is isn't it it's its itself just let's may me might more most much must mustn't my
myself neither no nor not now of off often on once one only onto or other ought our ours
ourselves out over own per rather same shall shan't she should shouldn't so some such than that
that's the their theirs them themselves then there there's these they they're this those
though through thus to too toward under until up upon us very via was wasn't we we're were
weren't what what's when where whether which while who whom whose why will with within without
won't would wouldn't yet you you'll you're you've your yours yourself yourselves also always
never sometimes something anything everything nothing someone anyone everyone many several
like get gets got make makes made use used using way ways thing things well still since across
along already another around away back into less least lot lots next instead unless`;

const SPANISH = `a al algo algunas algunos ante antes aquel aquella aquellas aquellos aqui aquí así
aun aún cada casi como cómo con contra cual cuál cuales cuáles cualquier cuando cuándo de del
desde donde dónde durante e el él ella ellas ellos en entre era erais eran eras eres es esa esas
ese eso esos esta está estaba estaban estado estamos estan están estar estas este esto estos
estoy fue fueron fui gran ha haber había habían han has hasta hay haya he hemos la las le les
lo los más me mi mis mismo misma mucho muchos muy nada ni no nos nosotros o os otra otras otro
otros para pero poco por porque puede pueden pues que qué quien quién quienes se sea sean ser
si sí sido siempre sin sino sobre solo sólo son su sus también tan tanto te tener tiene tienen
todo todos toda todas tu tú tus u un una uno unos unas usted ustedes va van vez y ya yo
menos mayor menor además mientras según través bajo tras cerca dentro fuera después aunque
entonces luego mejor peor hacia veces cualquiera demás debe deben puedo podemos hace hacen`;

const toSet = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

export const ENGLISH_STOP_WORDS = toSet(ENGLISH);
export const SPANISH_STOP_WORDS = toSet(SPANISH);

export function isStopWord(word: string): boolean {
  const lower = word.toLowerCase().replace(/’/g, "'");
  return ENGLISH_STOP_WORDS.has(lower) || SPANISH_STOP_WORDS.has(lower);
}

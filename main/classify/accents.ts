/**
 * Accents OCR loses or changes on a scanned company name ("PRECISION" for "PRÉCISION", "Proprèté" for
 * "Propreté", "Logistica" for "Logística"): a word whose accent-blind form is one of the common accented
 * words of French, Spanish, Italian and German trade names gets that word's accents back, in the case it
 * was printed in. Words whose accent-blind form has two spellings ("marche" / "marché") are left out, and
 * so are those that another language writes without accents (German "Systeme", English "Creation",
 * "Medical", "Hotel"): a name of any origin keeps its spelling unless only the accents can be wrong.
 */
import { foldText } from "./text.js";

const ACCENTED_WORDS = [
  // French
  "société", "associés", "associé", "précision", "propreté", "café", "cafés", "électricité", "électrique", "électronique", "électroménager",
  "bâtiment", "bâtiments", "équipement", "équipements", "sécurité", "vétérinaire", "matériel", "matériels", "matériaux", "médicale",
  "études", "étude", "généraux", "énergies", "immobilière", "réseau", "réseaux", "ingénierie", "hôtellerie",
  "château", "pâtisserie", "épicerie", "crèmerie", "qualité", "santé", "beauté", "développement", "comptabilité", "mécanique", "métallerie",
  "plâtrerie", "façades", "façade", "véranda", "vérandas", "élagage", "géomètre", "géomètres", "pièces", "régie", "régionale",
  "européenne", "européen", "français", "française", "méditerranée", "frères", "économie", "numérique", "aéronautique",
  "théâtre", "école", "équipe", "créatif", "créative", "sérigraphie", "fenêtres", "fenêtre", "chaudière", "électriciens",
  "électricien", "prestations", "réparation", "réparations", "dépannage", "entrepôt", "entrepôts", "déménagement",
  "déménagements", "propriété", "trésorerie", "fidélité", "clés", "sûreté", "hygiène", "forêt", "forêts", "marée", "découpe", "découverte",
  // Spanish
  "logística", "logístico", "impresión", "ibérica", "ibérico", "técnica", "técnico", "tecnología", "construcción", "ingeniería", "distribución",
  "comunicación", "gestión", "energía", "química", "eléctrica", "mecánica", "óptica", "médica", "jurídica", "económica", "informática",
  "electrónica", "panadería", "pastelería", "compañía", "inversión", "análisis", "diseño", "españa", "limpieza",
  // Italian
  "caffè", "città", "qualità", "società", "attività",
  // German
  "büro", "gebäude", "bäckerei", "glück", "grün", "lösungen", "dienstleistungen", "zürich", "köln", "münchen", "düsseldorf",
];

const BY_FOLDED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string | null>();
  for (const word of ACCENTED_WORDS) {
    const key = foldText(word);
    if (key === word) continue;
    map.set(key, map.has(key) && map.get(key) !== word ? null : word);
  }
  return new Map([...map].filter((entry): entry is [string, string] => entry[1] !== null));
})();

function inCaseOf(printed: string, word: string): string {
  if (printed === printed.toUpperCase() && printed !== printed.toLowerCase()) return word.toUpperCase();
  const first = printed.charAt(0);
  if (first === first.toUpperCase() && first !== first.toLowerCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/** The name with the accents of its known words put back ("LÉMAN PRECISION SA" → "LÉMAN PRÉCISION SA"). */
export function restoreAccents(name: string): string {
  return name.replace(/\p{L}+/gu, (printed) => {
    const known = BY_FOLDED.get(foldText(printed));
    return known ? inCaseOf(printed, known) : printed;
  });
}

/**
 * A French IBAN read again from its page's RIB: the one rule that the invoice field (classify/identifiers.ts
 * frenchIbanFromRib) and the masking of its printed words (detect/bank.ts detectIbansOfRibs) both apply, so
 * the field and the mask cannot disagree. Pure: ibantools only, imports nothing of ours (docs/architecture.md).
 */
import { composeIBAN, isValidBBAN, isValidIBAN } from "ibantools";

/**
 * A French RIB (bank 5, branch 5, account 11 with the RIB rule's letters, key 2; upper case, no spaces) whose
 * RIB key passes: 97 - ((89 × bank + 15 × branch + 3 × account) mod 97), so 01 to 97. ibantools checks the
 * 23 characters mod 97, which also takes 00, 98 and 99 (the residues of 97, 01 and 02): no bank prints them,
 * so here they fail, for classify and detect alike.
 */
export function isKeyCheckedRib(rib: string): boolean {
  const key = Number(rib.slice(21));
  return rib.length === 23 && /^\d{2}$/.test(rib.slice(21)) && key >= 1 && key <= 97 && isValidBBAN(rib, "FR");
}

/**
 * A French (or Monaco) IBAN whose mod 97 fails (the caller has checked it), read again from the page's RIBs: a
 * key-checked RIB whose 23 characters are the misread IBAN's BBAN but for one or two is the same account, and the
 * IBAN is that RIB's (its check digits computed). Null unless exactly one such RIB is among `ribs`.
 */
export function ibanOfNearRib(misread: string, ribs: Iterable<string>): string | null {
  if (!/^(?:FR|MC)/.test(misread) || misread.length !== 27) return null;
  const bban = misread.slice(4);
  const near = new Set<string>();
  for (const rib of ribs) {
    if (!isKeyCheckedRib(rib)) continue;
    const differences = [...rib].filter((char, index) => char !== bban.charAt(index)).length;
    if (differences >= 1 && differences <= 2) near.add(rib);
  }
  const [only] = near;
  const iban = near.size === 1 && only ? composeIBAN({ countryCode: misread.slice(0, 2), bban: only }) : null;
  return iban && isValidIBAN(iban) ? iban : null;
}

/**
 * A French IBAN read again from its page's RIB: the one rule that the invoice field (classify/identifiers.ts
 * frenchIbanFromRib) and the masking of its printed words (detect/bank.ts detectIbansOfRibs) both apply, so
 * the field and the mask cannot disagree. Pure: ibantools only, imports nothing of ours (docs/architecture.md).
 */
import { composeIBAN, isValidBBAN, isValidIBAN } from "ibantools";

/** A French RIB (bank 5, branch 5, account 11, key 2; upper case, no spaces) whose RIB key passes. */
export function isKeyCheckedRib(rib: string): boolean {
  return rib.length === 23 && isValidBBAN(rib, "FR");
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

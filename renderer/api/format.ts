/** Display helpers: amounts, dates and sizes in the current language (values, not labels). */
export function formatAmount(amount: string | null, currency: string | null, language: string): string {
  if (amount === null) return "—";
  const value = Number.parseFloat(amount);
  if (!Number.isFinite(value)) return amount;
  try {
    return new Intl.NumberFormat(language === "en" ? "en-GB" : "fr-FR", { style: "currency", currency: currency ?? "EUR" }).format(value);
  } catch {
    return `${amount} ${currency ?? ""}`.trim();
  }
}

export function formatDate(iso: string | null, language: string): string {
  if (!iso) return "—";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = iso.length === 10 ? { dateStyle: "medium", timeZone: "UTC" } : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "fr-FR", options).format(date);
}

export function formatBytes(bytes: number, language: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(language === "en" ? "en-GB" : "fr-FR", { style: "unit", unit: units[unit], unitDisplay: "short", maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

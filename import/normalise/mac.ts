// MAC address normalisation: every vendor spelling becomes lower-case, colon-separated.

/**
 * `aa:bb:cc:dd:ee:ff` for any common spelling (`AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`,
 * `aabbccddeeff`, upper or lower case); null when the text is not a 48-bit MAC address.
 */
export function normaliseMac(text: string): string | null {
  const t = text.trim();
  let hex: string;
  if (/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i.test(t)) hex = t.replace(/[:-]/g, '');
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(t)) hex = t.replace(/\./g, '');
  else if (/^[0-9a-f]{12}$/i.test(t)) hex = t;
  else return null;
  return hex.toLowerCase().replace(/(..)(?!$)/g, '$1:');
}

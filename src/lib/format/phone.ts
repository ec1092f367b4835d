/**
 * Vietnamese phone numbers, stored in national form ("0912345678") and shown grouped.
 * Since 2018 mobiles have 10 digits (03x, 05x, 07x, 08x, 09x) and since 2017 landlines have 11
 * (02x area code, e.g. 0259 for Ninh Thuận, 024 for Hà Nội).
 */

const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;

/**
 * National form of a Vietnamese number typed any common way ("0912.345.678", "+84 912 345 678",
 * "(+84) 912-345-678", "84912345678", "912345678" with the 0 lost by Excel, "0259 3822 123"), or
 * null when it is not a plausible Vietnamese mobile or landline. Old 11-digit "01x" mobiles are
 * refused rather than converted: their mapping to the new prefixes is not one rule.
 */
export function normalizePhone(raw: string): string | null {
	const t = raw.normalize('NFKC').trim();
	// Only digits, the usual separators and a leading plus (possibly inside brackets).
	if (!/^\(?\+?[\d\s.\-()/]+$/.test(t)) return null;
	const hasPlus = t.includes('+');
	let digits = t.replace(/\D/g, '');
	if (hasPlus || digits.startsWith('0084')) {
		digits = digits.replace(/^00/, '');
		if (!digits.startsWith('84')) return null;
		digits = digits.slice(2);
		// "+84 0912 345 678": some people keep the trunk 0 after the country code.
		if (digits.startsWith('0')) digits = digits.slice(1);
		digits = `0${digits}`;
	} else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
		// 84 + 9 digits (mobile) or 84 + 10 digits (landline). Ten digits starting with 84 stay
		// national: 084x… is itself a mobile prefix.
		digits = `0${digits.slice(2)}`;
	} else if (!digits.startsWith('0') && (digits.length === 9 || digits.length === 10)) {
		// The leading 0 lost in a spreadsheet cell.
		digits = `0${digits}`;
	}
	return MOBILE.test(digits) || LANDLINE.test(digits) ? digits : null;
}

/**
 * "0912 345 678" for a mobile, "0259 3822 123" for a landline. Input that is not a Vietnamese
 * number is returned trimmed as it is: a display helper should not hide what was stored.
 */
export function formatPhone(national: string): string {
	const n = normalizePhone(national);
	if (n === null) return national.trim();
	if (n.length === 10) return `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
	return `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
}

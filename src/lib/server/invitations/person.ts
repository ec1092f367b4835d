/**
 * A person typed on the reply page or by an organiser: a substitute (cử người dự thay) or someone a unit
 * names for its places. Parsed and normalised here, shared by the public page, the staff pages and the API.
 */
import { invalid } from '$lib/server/errors';
import { normalizePhone, normalizeText, stripSalutation } from '$lib/format';

export interface PersonInput {
	salutation: 'Ông' | 'Bà' | null;
	fullName: string;
	position: string;
	phone: string | null;
	email: string | null;
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function parsePerson(values: Record<string, unknown>, prefix = ''): PersonInput {
	const get = (k: string) => {
		const v = values[prefix + k];
		return typeof v === 'string' ? v : '';
	};
	const errors: Record<string, string> = {};
	const stripped = stripSalutation(normalizeText(get('fullName')));
	const fullName = stripped.name;
	const rawSal = normalizeText(get('salutation'));
	const salutation = rawSal === 'Ông' || rawSal === 'Bà' ? rawSal : stripped.salutation;
	const position = normalizeText(get('position'));
	const phoneRaw = normalizeText(get('phone'));
	const emailRaw = normalizeText(get('email')).toLowerCase();
	if (!fullName) errors[prefix + 'fullName'] = 'Vui lòng nhập họ và tên';
	else if (fullName.length > 120) errors[prefix + 'fullName'] = 'Họ và tên quá dài (tối đa 120 ký tự)';
	if (position.length > 200) errors[prefix + 'position'] = 'Chức vụ quá dài (tối đa 200 ký tự)';
	let phone: string | null = null;
	if (phoneRaw) {
		phone = normalizePhone(phoneRaw);
		if (!phone) errors[prefix + 'phone'] = 'Số điện thoại không hợp lệ';
	}
	if (emailRaw && (!EMAIL_RE.test(emailRaw) || emailRaw.length > 200)) errors[prefix + 'email'] = 'Email không hợp lệ';
	if (Object.keys(errors).length) throw invalid(errors);
	return { salutation, fullName, position, phone, email: emailRaw || null };
}

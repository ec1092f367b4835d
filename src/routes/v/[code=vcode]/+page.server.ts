import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { verifyCertificate } from '$lib/server/certificates/service';
import type { PageServerLoad } from './$types';

/** Public: confirms a printed certificate by its code. Shows only what the certificate itself prints. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const found = await verifyCertificate(db(), params.code);
	if (!found) error(404, { message: 'Không tìm thấy bằng khen có mã này. Kiểm tra lại mã in trên bằng.' });
	return { found };
};

import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { idParam, requirePrincipal } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { exportRows, renderDelegatesPdf } from '$lib/server/delegates/export';
import { parseListFilters } from '$lib/server/delegates/schema';
import type { RequestHandler } from './$types';

/** The printable list (PDF, A4 landscape, a heading per tier). */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	try {
		const { event: e, items } = await exportRows(db(), principal, eventId, parseListFilters(event.url.searchParams));
		const bytes = await renderDelegatesPdf(e, items);
		return new Response(bytes as BodyInit, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `inline; filename="danh-sach-dai-bieu-${eventId}.pdf"`,
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, no-store'
			}
		});
	} catch (err) {
		if (isDomainError(err)) error(err.status, { message: err.message, code: err.code });
		throw err;
	}
};

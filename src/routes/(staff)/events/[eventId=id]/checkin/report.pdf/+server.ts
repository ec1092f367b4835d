import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { attendancePdf, attendanceReport, reportFileName } from '$lib/server/checkin/report';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const rep = await guardLoad(() => attendanceReport(db(), principal, idParam(event.params.eventId)));
	const bytes = await attendancePdf(rep);
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${reportFileName(rep, 'pdf')}"`,
			'cache-control': 'private, no-store'
		}
	});
};

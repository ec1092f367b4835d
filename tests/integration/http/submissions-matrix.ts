/**
 * The tham luận part of the role × route world: a call, an invited unit with a tham luận and its file,
 * a generated booklet (files written where the server will look for them), and — in a second, future
 * event of the same organisation, because personal links expire after their event and the matrix event is
 * in 2024 — a unit with a working personal link and an uploaded version. Placeholders are filled by
 * permissions.test.ts.
 */
import path from 'node:path';
import type { Database_ } from '../../../src/lib/server/db';
import type { Principal } from '../../../src/lib/server/auth/access';
import { createEvent } from '../../../src/lib/server/events/service';
import { createLocalFileStore } from '../../../src/lib/server/files/store';
import { addReview, inviteUnits, saveCall, savePaperForUnit, uploadStaffVersion } from '../../../src/lib/server/submissions/service';
import { uploadByLink } from '../../../src/lib/server/submissions/public';
import { generateBooklet } from '../../../src/lib/server/submissions/booklet';
import { eventInput } from '../../helpers/factories';
import { makePdf } from '../../unit/submissions/fixtures';

/** The folder the started server stores files in (its DATA_DIR/files; see tests/helpers/server.ts). */
export function serverFilesDir(d: Database_): string {
	if (d.pglite?.dataDir) return path.join(path.dirname(d.pglite.dataDir), 'files');
	return path.resolve(process.env.FILES_DIR || path.join(process.env.DATA_DIR || 'data', 'files'));
}

const call = (deadline: Date) => ({
	guidance: 'Tham luận thử quyền',
	deadline,
	acceptPdf: true,
	acceptDocx: true,
	maxSizeMb: 20,
	expectedLength: '',
	speakingMinutes: 7
});

export async function submissionPlaceholders(
	d: Database_,
	w: { eventId: number; org: { id: number }; admin: Principal }
): Promise<Record<string, string>> {
	const store = createLocalFileStore(serverFilesDir(d));
	const pdf = await makePdf({ pages: 2, label: 'Tham luận thử quyền' });
	await saveCall(d.db, w.admin, w.eventId, call(new Date('2030-01-01T10:00:00Z')));
	const [unit] = await inviteUnits(d.db, w.admin, w.eventId, { units: [{ name: 'Đơn vị thử quyền', email: null, contactName: '' }] });
	const paperId = await savePaperForUnit(d.db, w.admin, w.eventId, unit.unitId, { title: 'Tham luận thử quyền', presenterName: 'Người Thử', presenterPosition: '', summary: '' });
	const version = await uploadStaffVersion(d.db, w.admin, w.eventId, paperId, { bytes: pdf, name: 'thu-quyen.pdf' }, { store });
	await addReview(d.db, w.admin, w.eventId, paperId, { decision: 'printed', body: '', reopenUntil: null });
	await generateBooklet(d.db, w.admin, w.eventId, { store, soffice: null });

	const future = await createEvent(d.db, w.admin, w.org.id, eventInput({ title: 'Hội nghị tương lai (thử quyền tham luận)', startsAt: new Date('2030-04-05T00:30:00Z') }));
	await saveCall(d.db, w.admin, future, call(new Date('2030-03-25T10:00:00Z')));
	const [u2] = await inviteUnits(d.db, w.admin, future, { units: [{ name: 'Đơn vị có liên kết', email: null, contactName: '' }] });
	const token = u2.link.split('/u/')[1];
	await uploadByLink(d.db, token, { fields: { title: 'Tham luận qua liên kết', presenterName: 'Người Gửi' }, file: { bytes: pdf, name: 'lien-ket.pdf' } }, { store });
	const v2 = await d.db.selectFrom('submission_version').select('id').where('event_id', '=', future).executeTakeFirstOrThrow();
	return {
		':submissionId': String(paperId),
		':versionId': String(version.id),
		':unitId': String(unit.unitId),
		':unitToken': token,
		':unitVersionId': String(v2.id)
	};
}

/**
 * The MC's script (kịch bản dẫn chương trình): generated from the programme, the delegates (introductions in
 * protocol order) and the award batches (full names, positions and units in ceremony order), then kept as a
 * draft the MC edits. Order of a ceremony per NĐ 145/2013 (REFERENCE.md §8). Plain text with two marks:
 * a line starting with "# " is a heading (time and item), a line in parentheses is a stage direction.
 */
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { formatDateLong, formatTime, formatDateLine, lowerFirst } from '$lib/format';
import { orderedDelegates, type DelegateRow } from '$lib/server/delegates/order';
import { presenceOf } from '$lib/server/checkin/presence';
import { batchesView, type BatchView } from '$lib/server/awards/batches';
import { KIND_PLURAL, mergePositionUnit } from '$lib/server/awards/ceremony';
import { getCeremonySetting, updateCeremonySetting } from '$lib/server/awards/settings';
import { programmeView, type ProgrammeItemView } from './service';
import { invalid } from '$lib/server/errors';

interface DecisionInfo {
	id: number;
	number: string;
	decisionDate: string;
	issuer: string;
	subject: string;
	formName: string;
	level: string;
}

function comrade(name: string, position: string): string {
	const n = name.trim();
	if (!n || /dẫn chương trình/i.test(n)) return position ? `đồng chí ${position}` : 'đồng chí';
	return position ? `đồng chí ${n} – ${position}` : `đồng chí ${n}`;
}

function positionOf(d: Pick<DelegateRow, 'position' | 'unit'>): string {
	return mergePositionUnit(d.position, d.unit);
}

/** "Ông Nguyễn Văn A" / the collective / "Hộ ông …", then its position and unit. */
function recipientLine(i: number, a: BatchView['awards'][number]): string {
	return `${i + 1}. ${a.displayName}${a.detail ? `, ${a.detail}` : ''}`;
}

function introduction(delegates: DelegateRow[], presence: Map<number, { present: boolean }>, presenceKnown: boolean): string[] {
	const attending = delegates.filter((d) => (presenceKnown ? presence.get(d.id)?.present : d.reply_status !== 'declined'));
	const out: string[] = ['Về dự Hội nghị hôm nay, chúng tôi trân trọng giới thiệu:'];
	const tiers: { name: string; leader: boolean; people: DelegateRow[] }[] = [];
	for (const d of attending) {
		let t = tiers.find((x) => x.name === d.tier_name);
		if (!t) tiers.push((t = { name: d.tier_name, leader: d.tier_is_leader, people: [] }));
		t.people.push(d);
	}
	const general: string[] = [];
	for (const t of tiers) {
		if (t.leader) {
			out.push(`Về phía ${/^cấp\s+/i.test(t.name) ? t.name.replace(/^cấp\s+/i, '').toLocaleLowerCase('vi') : t.name}:`);
			for (const d of t.people.filter((p) => p.kind === 'person' && p.full_name)) out.push(`– Đồng chí ${d.full_name}${positionOf(d) ? `, ${positionOf(d)}` : ''};`);
		} else general.push(t.name.toLocaleLowerCase('vi'));
	}
	if (general.length) out.push(`Cùng dự Hội nghị còn có các đồng chí đại biểu ${general.join('; ')}.`);
	out.push('Xin trân trọng cảm ơn sự có mặt của các vị đại biểu.');
	return out;
}

function awardSection(decisions: DecisionInfo[], batches: BatchView[]): string[] {
	const out: string[] = [];
	for (const d of decisions) {
		const bs = batches.filter((b) => b.decisionId === d.id);
		if (!bs.length) continue;
		const state = d.level === 'state' || d.level === 'government';
		const reading = `Quyết định số ${d.number} ${formatDateLong(d.decisionDate)} của ${d.issuer || 'cấp có thẩm quyền'}${d.subject ? ` ${d.subject}` : ''}.`;
		if (state) {
			// NĐ 145/2013 Điều 28: for the Chủ tịch nước and Thủ tướng the recipients come up before the reading.
			out.push(`Trân trọng kính mời đại diện các tập thể, cá nhân được tặng ${d.formName} lên sân khấu.`);
			out.push(`Trân trọng kính mời đồng chí đại diện lãnh đạo công bố ${reading}`);
		} else {
			out.push(`Trân trọng kính mời đồng chí đại diện lãnh đạo công bố ${reading}`);
		}
		out.push('(Công bố quyết định)');
		for (const b of bs) {
			const kinds = [...new Set(b.awards.map((a) => a.kind))];
			const who = kinds.length === 1 ? KIND_PLURAL[kinds[0]] : 'các tập thể, cá nhân';
			out.push(`Đợt ${b.position}: Trân trọng kính mời đại diện ${who} sau lên nhận ${d.formName}:`);
			b.awards.forEach((a, i) => out.push(recipientLine(i, a) + (a.presence === 'absent' ? ' (vắng – có người nhận thay)' : ';')));
			const presenter = b.presenterName ? comrade(b.presenterName, b.presenterPosition) : 'đồng chí …………………… (chưa chọn người trao)';
			out.push(`Trân trọng kính mời ${presenter} lên trao ${d.formName} cho ${who}.`);
			out.push('(Nhạc lễ. Trao bằng, hoa. Chụp ảnh lưu niệm. Mời các đại biểu về chỗ.)');
		}
	}
	if (!out.length) out.push('(Chưa có đợt trao khen thưởng: tạo đợt ở mục Khen thưởng.)');
	return out;
}

function itemText(it: ProgrammeItemView, ctx: { event: EventRow; intro: string[]; awards: string[]; addressee: string }): string[] {
	const who = comrade(it.presenterName, it.presenterPosition);
	switch (it.kind) {
		case 'art':
			return ['(Chương trình văn nghệ chào mừng Hội nghị.)'];
		case 'flag':
			return ['Kính mời toàn thể Hội nghị đứng dậy làm lễ chào cờ.', 'Nghiêm! Chào cờ – Chào!', '(Quốc ca)', 'Xin mời các vị đại biểu ngồi.'];
		case 'opening':
			return [
				ctx.addressee,
				`Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh, hôm nay ${ctx.event.organiser_name ? ctx.event.organiser_name + ' ' : ''}tổ chức ${ctx.event.title}.`,
				...ctx.intro
			];
		case 'report':
			return [`Trân trọng kính mời ${who} trình bày ${lowerFirst(it.title)}.`];
		case 'video':
			return [`Kính mời các vị đại biểu theo dõi ${lowerFirst(it.title.replace(/^chiếu\s+/i, ''))}.`];
		case 'discussion':
			return [`Tiếp theo chương trình, trân trọng kính mời ${who} trình bày ${lowerFirst(it.title.replace(/^Tham luận:\s*/i, 'tham luận: '))}.`];
		case 'break':
			return [`Hội nghị nghỉ giải lao ${it.durationMinutes} phút. Kính mời các vị đại biểu dùng trà.`];
		case 'awards':
			return ['Tiếp theo chương trình, Hội nghị tiến hành công bố quyết định và trao khen thưởng cho các tập thể, cá nhân, hộ gia đình có thành tích xuất sắc.', ...ctx.awards];
		case 'directive':
			return [`Trân trọng kính mời ${who} phát biểu chỉ đạo Hội nghị.`];
		case 'response':
			return [`Trân trọng kính mời ${who} phát biểu tiếp thu ý kiến chỉ đạo.`];
		case 'launch':
			return [`Trân trọng kính mời ${who} phát động phong trào thi đua.`];
		case 'closing':
			return [
				ctx.addressee,
				`${ctx.event.title} đến đây đã hoàn thành chương trình đề ra.`,
				'Thay mặt Ban Tổ chức, xin trân trọng cảm ơn các vị đại biểu đã về dự. Kính chúc các vị đại biểu sức khỏe, hạnh phúc và thành công.',
				'Hội nghị xin được bế mạc.'
			];
		default:
			return [it.presenterName ? `Trân trọng kính mời ${who}: ${lowerFirst(it.title)}.` : it.title];
	}
}

/** Generates the script text from the current programme, delegates and batches (nothing is stored). */
export async function generateScriptText(db: Executor, event: EventRow): Promise<string> {
	const [programme, delegates, presence, batches, decisions] = await Promise.all([
		programmeView(db, event),
		orderedDelegates(db, event.id),
		presenceOf(db, event.id),
		batchesView(db, event.id),
		db
			.selectFrom('award_decision as d')
			.innerJoin('award_form as f', 'f.id', 'd.form_id')
			.select(['d.id', 'd.number', 'd.decision_date', 'd.issuer', 'd.subject', 'f.name as form_name', 'f.level', 'f.precedence'])
			.where('d.event_id', '=', event.id)
			.orderBy('f.precedence')
			.orderBy('d.decision_date')
			.orderBy('d.id')
			.execute()
	]);
	const presenceKnown = [...presence.values()].some((p) => p.present);
	const attendingLeaders = delegates.filter(
		(d) => d.tier_is_leader && d.kind === 'person' && d.full_name && (presenceKnown ? presence.get(d.id)?.present : d.reply_status !== 'declined')
	);
	const top = attendingLeaders[0];
	const addressee = top
		? `Kính thưa đồng chí ${top.full_name}${positionOf(top) ? `, ${positionOf(top)}` : ''}!\nKính thưa các vị đại biểu, thưa toàn thể Hội nghị!`
		: 'Kính thưa các vị đại biểu, thưa toàn thể Hội nghị!';
	const ctx = {
		event,
		intro: introduction(delegates, presence, presenceKnown),
		awards: awardSection(
			decisions.map((d) => ({ id: d.id, number: d.number, decisionDate: d.decision_date, issuer: d.issuer, subject: d.subject, formName: d.form_name, level: d.level })),
			batches.batches
		),
		addressee
	};
	const lines: string[] = [
		'KỊCH BẢN DẪN CHƯƠNG TRÌNH',
		event.title,
		`(${event.place_name ? formatDateLine(event.place_name, event.starts_at) : formatDateLong(event.starts_at)}${event.venue ? ` – ${event.venue}` : ''})`,
		''
	];
	if (!programme.items.length) lines.push('(Chưa có chương trình: lập chương trình ở mục Chương trình.)');
	for (const it of programme.items) {
		lines.push(`# ${formatTime(it.plannedStart)} – ${it.title}`);
		lines.push(...itemText(it, ctx).flatMap((l) => l.split('\n')));
		lines.push('');
	}
	return lines.join('\n').trim() + '\n';
}

export interface ScriptView {
	text: string;
	/** The MC changed the generated text. */
	edited: boolean;
	generatedAt: string | null;
	updatedAt: string | null;
	/** No draft yet: `text` is freshly generated, not saved. */
	draft: boolean;
}

/** The MC's current draft, or a freshly generated text when there is none yet. */
export async function getScript(db: Executor, principal: Principal, eventId: number): Promise<ScriptView> {
	const { event } = await requireEventAccess(db, principal, eventId, 'programme.view');
	const s = await getCeremonySetting(db, eventId);
	if (s.script_text !== null) {
		return {
			text: s.script_text,
			edited: !!s.script_updated_at && (!s.script_generated_at || s.script_updated_at > s.script_generated_at),
			generatedAt: s.script_generated_at?.toISOString() ?? null,
			updatedAt: s.script_updated_at?.toISOString() ?? null,
			draft: true
		};
	}
	return { text: await generateScriptText(db, event), edited: false, generatedAt: null, updatedAt: null, draft: false };
}

/** (Re)generates the script and saves it as the draft, replacing any edits (the page asks first). */
export async function regenerateScript(db: Executor, principal: Principal, eventId: number): Promise<string> {
	const { event } = await requireEventAccess(db, principal, eventId, 'programme.edit');
	const text = await generateScriptText(db, event);
	await inTransaction(db, async (tx) => {
		await updateCeremonySetting(tx, eventId, { script_text: text, script_generated_at: new Date(), script_updated_at: null, script_updated_by: principal.user.id });
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.script.generated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { characters: text.length }
		});
	});
	return text;
}

/** Saves the MC's edited text. */
export async function saveScript(db: Executor, principal: Principal, eventId: number, text: string): Promise<void> {
	const clean = String(text ?? '').normalize('NFC').replace(/\r\n?/g, '\n');
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		if (clean.length > 200_000) throw invalid({ text: 'Kịch bản quá dài (tối đa 200.000 ký tự)' });
		const s = await getCeremonySetting(tx, eventId);
		await updateCeremonySetting(tx, eventId, {
			script_text: clean,
			script_updated_at: new Date(),
			script_updated_by: principal.user.id,
			...(s.script_generated_at ? {} : { script_generated_at: new Date(Date.now() - 1) })
		});
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.script.saved',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { characters: clean.length }
		});
	});
}

import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { renderCertificates, renderCalibrationPage, defaultCertificateLayout, type CertificateData } from '$lib/server/pdf/certificate';
const base: CertificateData = {
	authorityLine: 'Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận', formTitle: 'Bằng khen', recipientKind: 'individual',
	recipientLine: 'Bà Nguyễn Thị Ánh Tuyết', recipientDetail: 'Phó Chủ tịch Ủy ban nhân dân xã Phước Bình, huyện Bác Ái',
	achievement: 'Đã có thành tích xuất sắc trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2023',
	decisionNumber: '1234/QĐ-UBND', decisionDate: new Date('2024-03-28T03:00:00Z'), registerNumber: '2024/0157',
	placeName: 'Ninh Thuận', issueDate: new Date('2024-03-28T03:00:00Z'), signerPrefix: 'KT. CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Huỳnh Thị Phượng',
	verification: { code: 'BK-7Q2K-9PLM', url: 'https://hoinghi.ninhthuan.gov.vn/v/7Q2K9PLM' }
};
const collective: CertificateData = { ...base, recipientKind: 'collective', recipientLine: 'Ủy ban nhân dân xã Phước Bình', recipientDetail: 'Huyện Bác Ái, tỉnh Ninh Thuận' };
const household: CertificateData = { ...base, recipientKind: 'household', recipientLine: 'Gia đình ông Đặng Quốc Việt', recipientDetail: 'Thôn Suối Khô, xã Phước Bình, huyện Bác Ái, tỉnh Ninh Thuận', issueDate: null, signerPrefix: 'CHỦ TỊCH', signerTitle: '' };
const long: CertificateData = { ...base, recipientLine: 'Ông Huỳnh Thị Phượng Ủ Ỉ Ậ ộ ễ ị ồ ắ ờ ể ỏ ạ ữ ự ỹ', recipientDetail: 'Trưởng phòng Phòng Lao động - Thương binh và Xã hội, Ủy ban nhân dân huyện Ninh Phước tỉnh Ninh Thuận'.slice(0, 90), achievement: ('Đã có thành tích xuất sắc trong việc tổ chức triển khai thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”, góp phần giảm nghèo bền vững, ').repeat(4).slice(0, 600) };
it('renders certs', async () => {
	for (const paper of ['A3', 'A4'] as const) {
		writeFileSync(`/tmp/pdf-cert-${paper}.pdf`, await renderCertificates([base, collective, household, long], defaultCertificateLayout(paper, 'full')));
	}
	const op = defaultCertificateLayout('A3', 'overprint'); op.offsetX = 3; op.offsetY = -2;
	writeFileSync('/tmp/pdf-cert-over.pdf', await renderCertificates([base, long], op));
	writeFileSync('/tmp/pdf-cal-A3.pdf', await renderCalibrationPage(op));
	writeFileSync('/tmp/pdf-cal-A4.pdf', await renderCalibrationPage(defaultCertificateLayout('A4', 'full')));
	const many = Array.from({ length: 150 }, (_, i) => ({ ...[base, collective, household, long][i % 4], recipientLine: `Ông Nguyễn Văn ${i}` }));
	const t0 = Date.now();
	const b = await renderCertificates(many, defaultCertificateLayout('A3', 'full'));
	console.log('150 certs ms', Date.now() - t0, 'bytes', b.length);
});

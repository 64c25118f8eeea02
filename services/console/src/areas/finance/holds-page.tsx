import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { HoldDecisionSchema, HoldsQuerySchema } from '../../../../disbursement/src/envelopes/envelopes.schemas';
import { api } from '../../api/client';
import { useActor, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { yuan } from '../../components/format';
import { Page } from '../../components/page';
import { useLang } from '../../i18n';
import { BENEFITS, benefitText, enc, holdText, kindText, type Benefit, type LedgerPayment } from './api';
import { CursorTable, IdText } from './shared';

/** 暂缓发放: held payments of a benefit in a division (待补录账户, 重复享受待决); the 民政 approver decides a duplicate. */
export function HoldsPage() {
  const { t } = useLang();
  const actor = useActor();
  const { can } = useSession();
  const [form, setForm] = useState<{ benefit: Benefit; divisionCode: string }>({ benefit: 'dibao', divisionCode: actor.divisionCode });
  const [filter, setFilter] = useState(form);
  const [problem, setProblem] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<LedgerPayment | null>(null);
  const apply = () => {
    const parsed = HoldsQuerySchema.safeParse({ benefit: form.benefit, divisionCode: form.divisionCode.trim() });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
      return;
    }
    setProblem(null);
    setFilter({ benefit: form.benefit, divisionCode: parsed.data.divisionCode });
  };
  return (
    <Page title={t('暂缓发放', 'Held payments')}>
      <Typography.Paragraph type="secondary">
        {t(
          '待补录账户的款项在账户登记后随下一次发放自动带入；重复享受待决的款项须由民政审批人作出“取消”或“放行”（须写明依据）的决定。',
          'A payment held for a missing account is carried into the next run once the account is recorded; a duplicate waits for the 民政 approver to cancel it or release it (citing the basis).',
        )}
      </Typography.Paragraph>
      <Form layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('救助类别', 'Benefit')}>
          <Select
            aria-label={t('救助类别', 'Benefit')}
            value={form.benefit}
            onChange={(benefit) => setForm({ ...form, benefit })}
            style={{ width: 140 }}
            options={BENEFITS.map((b) => ({ value: b, label: benefitText(b, t) }))}
          />
        </Form.Item>
        <Form.Item label={t('行政区划代码', 'Division code')} htmlFor="holds-division">
          <Input id="holds-division" value={form.divisionCode} onChange={(e) => setForm({ ...form, divisionCode: e.target.value })} style={{ width: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('查询', 'Search')}
        </Button>
      </Form>
      {problem ? <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} /> : null}
      <CursorTable<LedgerPayment>
        key={JSON.stringify(filter)}
        queryKey={['disbursement', 'holds', filter]}
        path="/disbursement/holds"
        query={filter}
        rowKey="paymentStreamId"
        label={t('暂缓发放列表', 'Held payments')}
        empty={t('没有暂缓的款项', 'No held payments')}
        columns={[
          { title: t('发放记录编号', 'Payment id'), dataIndex: 'paymentStreamId', render: (id: string) => <IdText id={id} /> },
          { title: t('原因', 'Reason'), dataIndex: 'hold', render: (h: LedgerPayment['hold']) => (h ? <Tag color="orange">{holdText(h.reason, t)}</Tag> : '—') },
          { title: t('待遇期间', 'Period'), dataIndex: 'periodKey' },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => kindText(k, t) },
          { title: t('金额', 'Amount'), align: 'right', render: (_, p) => yuan(p.fen - p.nettedFen) },
          { title: t('发放批次', 'Envelope'), dataIndex: 'envelopeId', render: (id: string | null) => (id ? <Link to={`/finance/envelopes/${enc(id)}`}>{id}</Link> : '—') },
          { title: t('占用方', 'Claimed by'), dataIndex: 'hold', key: 'claimedBy', render: (h: LedgerPayment['hold']) => <IdText id={h?.claimedBy ?? null} /> },
          ...(can('approver')
            ? [
                {
                  title: t('操作', 'Action'),
                  key: 'decide',
                  render: (_: unknown, p: LedgerPayment) =>
                    p.hold?.reason === 'DUPLICATE_PERSON' && p.status === 'held' ? (
                      <Button size="small" onClick={() => setDeciding(p)}>
                        {t('作出决定', 'Decide')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {deciding ? <DecisionModal payment={deciding} onClose={() => setDeciding(null)} /> : null}
    </Page>
  );
}

function DecisionModal({ payment, onClose }: { payment: LedgerPayment; onClose: () => void }) {
  const { t } = useLang();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<'cancel' | 'release'>('cancel');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: async (body: unknown) => (await api('disbursement', `/disbursement/payments/${enc(payment.paymentStreamId)}/hold-decision`, { method: 'POST', body })).data,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['disbursement', 'holds'] });
      onClose();
    },
  });
  const submit = () => {
    const parsed = HoldDecisionSchema.safeParse({ decision, reason });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
      return;
    }
    setProblem(null);
    decide.mutate(parsed.data);
  };
  return (
    <Modal open title={t('重复享受：作出决定', 'Duplicate: decide')} onCancel={onClose} onOk={submit} okText={t('提交决定', 'Record decision')} cancelText={t('取消', 'Cancel')} confirmLoading={decide.isPending}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <IdText id={payment.paymentStreamId} />
        <Form layout="vertical">
          <Form.Item label={t('决定', 'Decision')}>
            <Radio.Group aria-label={t('决定', 'Decision')} value={decision} onChange={(e) => setDecision(e.target.value)}>
              <Radio value="cancel">{t('取消（不予发放）', 'Cancel (not paid)')}</Radio>
              <Radio value="release">{t('放行（须写明法定依据）', 'Release (cite the legal basis)')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('理由', 'Reason')} htmlFor="hold-reason" required>
            <Input.TextArea id="hold-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Form.Item>
        </Form>
        {problem ? <Alert type="error" showIcon role="alert" title={problem} /> : null}
        {decide.isError ? <ErrorAlert error={decide.error} /> : null}
      </Space>
    </Modal>
  );
}

import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { BankOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import { ErrorAlert } from '../../../components/error-alert';
import { useT } from '../../../i18n';
import { validationProblem } from './actions';
import { RELATIONS, words } from './labels';
import type { CaseMember, CaseView } from './model';
import { ACCOUNT_EVIDENCE_KINDS, CARD_TYPES, PutAccountSchema } from './schemas';

interface AccountWriteResult {
  personRef: string;
  outcome: 'recorded' | 'changed' | 'unchanged' | 'closed';
  accountVersion: number;
  usable: boolean;
  masked: string;
}

/** Cases whose members are paid now: the 一卡通 account is needed before the next payment run. */
export function accountPanelApplies(view: CaseView): boolean {
  return (view.benefit === 'dibao' && (view.status === 'active' || view.status === 'suspended')) || (view.benefit === 'linshi' && view.status === 'approved') || (view.benefit === 'tefu' && view.status === 'active');
}

/**
 * 发放账户: records (or changes) a member's 一卡通 account in disbursement
 * (PUT /disbursement/accounts/{personRef}). Only the masked number the service answers is shown, and
 * only for accounts recorded in this browser session: reading accounts back is for finance clerks
 * and auditors (disbursement's access rules), not for the case officer.
 */
export function AccountPanel({ view }: { view: CaseView }) {
  const t = useT();
  const [editing, setEditing] = useState<CaseMember | null>(null);
  const [written, setWritten] = useState<Record<string, AccountWriteResult>>({});
  return (
    <Card size="small" title={t('发放账户', 'Payment accounts')} aria-label={t('发放账户', 'Payment accounts')}>
      <Typography.Paragraph type="secondary">
        {t('在保成员的一卡通（社保卡/银行卡）账户。发放前须登记，否则付款将被暂挂（待补录账户）。', 'The 一卡通 account of each paid member; without one, payments are held (account missing).')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="personRef"
        aria-label={t('成员账户', 'Member accounts')}
        dataSource={view.members}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'name', render: (n: string | null) => n ?? t('（已删除）', '(erased)') },
          { title: t('关系', 'Relation'), render: (_: unknown, m: CaseMember) => words(RELATIONS, m.relation ?? m.role, t) },
          {
            title: t('本次登记', 'Recorded now'),
            render: (_: unknown, m: CaseMember) => {
              const w = written[m.personRef];
              return w ? (
                <span data-testid={`account-${m.personRef}`}>
                  <Tag color={w.usable ? 'success' : 'warning'}>{w.outcome === 'unchanged' ? t('与已登记一致', 'unchanged') : w.outcome === 'changed' ? t('已变更', 'changed') : t('已登记', 'recorded')}</Tag>
                  <Typography.Text code>{w.masked}</Typography.Text>
                </span>
              ) : (
                '—'
              );
            },
          },
          {
            title: t('操作', 'Action'),
            render: (_: unknown, m: CaseMember) => (
              <Button size="small" icon={<BankOutlined />} disabled={m.erased} onClick={() => setEditing(m)} aria-label={t(`登记账户：${m.name ?? ''}`, `Record account: ${m.name ?? ''}`)}>
                {t('登记账户', 'Record account')}
              </Button>
            ),
          },
        ]}
      />
      {editing ? (
        <AccountModal
          view={view}
          member={editing}
          onClose={() => setEditing(null)}
          onDone={(r) => {
            setWritten((w) => ({ ...w, [r.personRef]: r }));
            setEditing(null);
          }}
        />
      ) : null}
    </Card>
  );
}

function AccountModal({ view, member, onClose, onDone }: { view: CaseView; member: CaseMember; onClose(): void; onDone(r: AccountWriteResult): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    let v: Record<string, string | undefined>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const trim = (s?: string) => (s ?? '').trim();
    const body = {
      divisionCode: view.divisionCode,
      account: { bankCode: trim(v.bankCode), bankName: trim(v.bankName), accountNumber: trim(v.accountNumber), holderName: trim(v.holderName), cardType: v.cardType ?? '社保卡' },
      ...(trim(v.evidenceReference) ? { evidence: { kind: v.evidenceKind ?? '银行开户回执', reference: trim(v.evidenceReference) } } : {}),
      ...(trim(v.reason) ? { reason: trim(v.reason) } : {}),
    };
    const parsed = PutAccountSchema.safeParse(body);
    if (!parsed.success) {
      setError(validationProblem(parsed.error.issues));
      return;
    }
    setBusy(true);
    try {
      const { data } = await api<AccountWriteResult>('disbursement', `/disbursement/accounts/${encodeURIComponent(member.personRef)}`, { method: 'PUT', body: parsed.data });
      message.success(t('账户已登记', 'Account recorded'));
      onDone(data);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('必填', 'Required') }];
  return (
    <Modal
      open
      title={t(`登记发放账户：${member.name ?? ''}`, `Record payment account: ${member.name ?? ''}`)}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('提交', 'Submit')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ loading: busy }}
      maskClosable={false}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ cardType: '社保卡', evidenceKind: '银行开户回执', holderName: member.name ?? '' }} aria-label={t('发放账户', 'Payment account')}>
        <Form.Item name="cardType" label={t('卡类型', 'Card type')}>
          <Select aria-label={t('卡类型', 'Card type')} options={CARD_TYPES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="bankCode" label={t('银行代码（行别代码或联行号）', 'Bank code')} rules={required}>
          <Input autoComplete="off" placeholder="402" />
        </Form.Item>
        <Form.Item name="bankName" label={t('开户银行', 'Bank name')} rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="accountNumber" label={t('账号', 'Account number')} rules={required}>
          <Input autoComplete="off" inputMode="numeric" />
        </Form.Item>
        <Form.Item name="holderName" label={t('户名', 'Account holder')} rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="evidenceKind" label={t('证明材料', 'Evidence')}>
          <Select aria-label={t('证明材料', 'Evidence')} options={ACCOUNT_EVIDENCE_KINDS.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="evidenceReference" label={t('材料编号', 'Evidence reference')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="reason" label={t('原因（变更已登记账户时必填）', 'Reason (required when changing an account on file)')}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}

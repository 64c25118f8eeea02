import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { JsonSchema } from './descriptors';

/**
 * A form for a body described by JSON Schema (a registered benefit's application or step): a field
 * per property — text, date (YYYY-MM-DD), number, yes/no, a choice for an enum, one line per item for
 * a list of texts, repeated groups for a list of objects, and JSON for anything else. Labels are the
 * schema's descriptions (the module's own words), else the property's name. The service checks the
 * body again with the same schema; the form only helps the officer send what it asks for.
 */
type T = (zh: string, en: string) => string;

const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type);
const labelOf = (name: string, schema: JsonSchema) => schema.description ?? schema.title ?? name;

function scalarField(name: (string | number)[], key: string, schema: JsonSchema, required: boolean, t: T): ReactNode {
  const label = labelOf(key, schema);
  const rules = required ? [{ required: true, message: t(`请填写${label}`, `${label} is required`) }] : [];
  const type = typeOf(schema);
  if (schema.enum) {
    return (
      <Form.Item key={key} name={name} label={label} rules={rules}>
        <Select aria-label={label} options={schema.enum.map((v) => ({ value: String(v), label: String(v) }))} allowClear={!required} />
      </Form.Item>
    );
  }
  if (type === 'boolean') {
    return (
      <Form.Item key={key} name={name} valuePropName="checked" initialValue={false}>
        <Checkbox>{label}</Checkbox>
      </Form.Item>
    );
  }
  if (type === 'integer' || type === 'number') {
    return (
      <Form.Item key={key} name={name} label={label} rules={rules}>
        <InputNumber aria-label={label} style={{ width: '100%' }} min={schema.minimum} precision={type === 'integer' ? 0 : undefined} />
      </Form.Item>
    );
  }
  if (type === 'array' && schema.items && typeOf(schema.items) === 'string') {
    return (
      <Form.Item key={key} name={name} label={`${label}${t('（每行一项）', ' (one per line)')}`} rules={rules}>
        <Input.TextArea aria-label={label} rows={3} />
      </Form.Item>
    );
  }
  if (type === 'string') {
    return (
      <Form.Item key={key} name={name} label={label} rules={rules}>
        <Input aria-label={label} placeholder={schema.format === 'date' ? 'YYYY-MM-DD' : undefined} />
      </Form.Item>
    );
  }
  return (
    <Form.Item key={key} name={name} label={`${label} (JSON)`} rules={rules}>
      <Input.TextArea aria-label={label} rows={3} style={{ fontFamily: 'monospace' }} />
    </Form.Item>
  );
}

/** The fields of an object schema. */
export function SchemaFields({ schema, t }: { schema: JsonSchema; t: T }) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, property]) => {
        const items = property.items;
        if (typeOf(property) === 'array' && items && typeOf(items) === 'object' && items.properties) {
          const label = labelOf(key, property);
          const itemRequired = new Set(items.required ?? []);
          return (
            <Form.Item key={key} label={label} required={required.has(key)}>
              <Form.List name={key} initialValue={(property.minItems ?? 0) > 0 ? [{}] : []}>
                {(rows, { add, remove }) => (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {rows.map((row, i) => (
                      <Card
                        key={row.key}
                        size="small"
                        title={`${label} ${i + 1}`}
                        extra={<Button type="text" icon={<MinusCircleOutlined />} aria-label={`${t('删除', 'Remove')} ${label} ${i + 1}`} onClick={() => remove(row.name)} />}
                      >
                        {Object.entries(items.properties ?? {}).map(([itemKey, itemSchema]) =>
                          scalarField([row.name, itemKey], itemKey, { ...itemSchema, description: `${label} ${i + 1} ${labelOf(itemKey, itemSchema)}` }, itemRequired.has(itemKey), t),
                        )}
                      </Card>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({})} disabled={property.maxItems !== undefined && rows.length >= property.maxItems}>
                      {t(`添加${label}`, `Add ${label}`)}
                    </Button>
                  </Space>
                )}
              </Form.List>
            </Form.Item>
          );
        }
        return scalarField([key], key, property, required.has(key), t);
      })}
    </>
  );
}

/** A form value as the schema's type wants it: empty text left out, lines split, JSON parsed (kept as text when it does not parse, for the service to refuse). */
function bodyValue(value: unknown, schema: JsonSchema): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  const type = typeOf(schema);
  if (type === 'array' && schema.items && typeOf(schema.items) === 'object' && Array.isArray(value)) {
    return value.map((row) => bodyOf(schema.items!, (row ?? {}) as Record<string, unknown>));
  }
  if (type === 'array' && typeof value === 'string') {
    return value
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }
  if (typeof value === 'string' && type !== 'string' && !schema.enum) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return typeof value === 'string' ? value.trim() : value;
}

/** The request body from the form's values. */
export function bodyOf(schema: JsonSchema, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const value = bodyValue(values[key], property);
    if (value !== undefined) body[key] = value;
  }
  return body;
}

/**
 * Initial values from what is on screen: a text field whose name is a field of the case view (or of
 * an object in it, such as `determination.determinationId`) starts with that value, so a step that
 * cites the current determination need not be typed.
 */
export function prefillFrom(schema: JsonSchema, view: Record<string, unknown>): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const lookup = (key: string): unknown => {
    if (typeof view[key] === 'string') return view[key];
    for (const value of Object.values(view)) {
      if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>)[key] === 'string') return (value as Record<string, unknown>)[key];
    }
    return undefined;
  };
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (typeOf(property) !== 'string' || property.enum) continue;
    const value = lookup(key);
    if (value !== undefined) found[key] = value;
  }
  return found;
}

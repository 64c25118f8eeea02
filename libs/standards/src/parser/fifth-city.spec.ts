import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStandardsDocument } from './parse-document';
import { FIELD_LABELS, ParsedDocument, ParseWarning } from './types';

/**
 * A fifth city (示范市, invented): a covering notice with 文号, a spaced-out issuer block and a
 * signing date, a title printed 「2023 年版」, then 32 items whose headings use every shape seen in
 * published catalogs — quotation marks of several kinds, leading digits (hotlines, ages, years),
 * Latin letters, brackets of every width as item markers and inside names, full-width digits and
 * punctuation, a heading wrapped over two lines, spaced-out characters in a heading, a category and
 * a label — with running page headers, page footers and page numbers inside items.
 *
 * Expected values were written from the source text, not from the parser's output.
 */
const FILE = join(__dirname, '__fixtures__', 'fifth-city.txt');
const TEXT = readFileSync(FILE, 'utf8');
const LINES = TEXT.split('\n');

type Row = [number, string, string, string, string, [number, number], string[], [number, number][]];
// number, printed marker, name, category, subcategory, [start, end], fields (template order), field lines
const ITEMS: Row[] = [
  [1, '（1）', '免费孕前优生健康检查', '一、幼有所育', '1.优孕优生服务', [32, 37], ['辖区常住计划怀孕夫妇。', '为计划怀孕夫妇每孩次免费提供孕前优生健康检查。', '按照国家和省孕前优生健康检查技术规范执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[33, 33], [34, 34], [35, 35], [36, 36], [37, 37]]],
  [2, '（2）', '孕产妇健康服务', '一、幼有所育', '1.优孕优生服务', [39, 46], ['辖区常住孕产妇。', '建立母子健康手册，孕期提供健康管理服务，产后提供访视和健康检查服务。', '按照国家基本公共卫生服务规范执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[40, 40], [41, 43], [44, 44], [45, 45], [46, 46]]],
  [3, '（3）', '“两癌”筛查', '一、幼有所育', '1.优孕优生服务', [48, 53], ['辖区适龄常住妇女。', '为适龄妇女提供宫颈癌和乳腺癌筛查。', '按照省妇女“两癌”筛查项目技术方案执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[49, 49], [50, 50], [51, 51], [52, 52], [53, 53]]],
  [4, '（4）', '0～6岁儿童健康管理', '一、幼有所育', '2.儿童健康服务', [56, 61], ['辖区常住0～6岁儿童。', '提供新生儿访视、儿童健康检查和健康指导。', '按照国家基本公共卫生服务规范执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[57, 57], [58, 58], [59, 59], [60, 60], [61, 61]]],
  [5, '（5）', 'HPV疫苗接种', '一、幼有所育', '2.儿童健康服务', [63, 68], ['辖区符合条件的适龄女生。', '为适龄女生提供HPV疫苗免费接种。', '按照省适龄女生HPV疫苗接种工作方案执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[64, 64], [65, 65], [66, 66], [67, 67], [68, 68]]],
  [6, '(6)', '预防接种', '一、幼有所育', '2.儿童健康服务', [70, 75], ['辖区常住0～6岁儿童。', '免费接种国家免疫规划疫苗。', '按照国家免疫规划疫苗儿童免疫程序执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[71, 71], [72, 72], [73, 73], [74, 74], [75, 75]]],
  [7, '〔7〕', '孤儿、事实无人抚养儿童基本生活保障', '一、幼有所育', '3.儿童关爱服务', [78, 83], ['孤儿和事实无人抚养儿童。', '按月发放基本生活费。', '按照市人民政府公布的当年保障标准执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[79, 79], [80, 80], [81, 81], [82, 82], [83, 83]]],
  [8, '（8）', '困境儿童“一人一档”关爱服务', '一、幼有所育', '3.儿童关爱服务', [85, 90], ['辖区困境儿童。', '为困境儿童建立关爱档案，开展定期探访。', '按照省困境儿童保障工作有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[86, 86], [87, 87], [88, 88], [89, 89], [90, 90]]],
  [9, '【9】', '学前教育幼儿资助', '二、学有所教', '4．学前教育助学服务', [94, 99], ['在园家庭经济困难儿童。', '为家庭经济困难儿童减免保育教育费。', '按照省学前教育资助政策执行。', '市、县（市、区）人民政府按规定分担。', '市教育局。'], [[95, 95], [96, 96], [97, 97], [98, 98], [99, 99]]],
  [10, '（10）', '学前教育普惠服务', '二、学有所教', '4．学前教育助学服务', [101, 106], ['辖区适龄儿童。', '提供普惠性学前教育学位。', '按照省学前教育发展规划执行。', '市、县（市、区）人民政府按规定分担。', '市教育局。'], [[102, 102], [103, 103], [104, 104], [105, 105], [106, 106]]],
  [11, '[11]', '义务教育学生免费教科书', '二、学有所教', '5.义务教育服务', [109, 114], ['义务教育阶段在校学生。', '免费提供国家规定课程的教科书。', '按照国家和省有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市教育局。'], [[110, 110], [111, 111], [112, 112], [113, 113], [114, 114]]],
  [12, '［12］', '农村义务教育学生营养膳食补助', '二、学有所教', '5.义务教育服务', [116, 121], ['农村义务教育阶段在校学生。', '提供营养膳食补助。', '按照省学生营养改善计划有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市教育局。'], [[117, 117], [118, 118], [119, 119], [120, 120], [121, 121]]],
  [13, '（１３）', '就业援助『一对一』帮扶', '三、劳有所得', '6.就业创业服务', [125, 130], ['登记失业人员和就业困难人员。', '提供就业援助和“一对一”帮扶服务。', '按照省就业援助有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市人力社保局。'], [[126, 126], [127, 127], [128, 128], [129, 129], [130, 130]]],
  [14, '（14）', '"技能示范"职业技能培训', '三、劳有所得', '6.就业创业服务', [132, 137], ['有培训需求的城乡劳动者。', '提供职业技能培训和技能评价服务。', '按照省职业技能提升行动有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市人力社保局。'], [[133, 133], [134, 134], [135, 135], [136, 136], [137, 137]]],
  [15, '（15）', '12333人社服务热线咨询', '三、劳有所得', '6.就业创业服务', [139, 144], ['城乡居民。', '提供人力资源和社会保障政策咨询。', '热线工作日接听，按照服务规范答复。', '市、县（市、区）人民政府按规定分担。', '市人力社保局。'], [[140, 140], [141, 141], [142, 142], [143, 143], [144, 144]]],
  [16, '（16）', '失业保险金发放', '三、劳有所得', '7.工伤失业保险服务', [147, 152], ['符合条件的失业人员。', '按月发放失业保险金。', '按照国家和省失业保险有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市人力社保局。'], [[148, 148], [149, 149], [150, 150], [151, 151], [152, 152]]],
  [17, '（17）', '工伤保险待遇', '三、劳有所得', '7.工伤失业保险服务', [154, 160], ['参加工伤保险的职工。', '支付工伤医疗、伤残和工亡待遇。', '按照国家和省工伤保险有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市人力社保局。'], [[156, 156], [157, 157], [158, 158], [159, 159], [160, 160]]],
  [18, '（18）', '家庭医生签约服务【基础包】', '四、病有所医', '8.公共卫生服务', [164, 169], ['辖区常住居民。', '提供家庭医生签约基础服务包。', '按照省家庭医生签约服务规范执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[165, 165], [166, 166], [167, 167], [168, 168], [169, 169]]],
  [19, '（19）', '65岁及以上老年人健康管理', '四、病有所医', '8.公共卫生服务', [171, 176], ['辖区65岁及以上常住居民。', '每年提供一次健康管理服务。', '按照国家基本公共卫生服务规范执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[172, 172], [173, 173], [174, 174], [175, 175], [176, 176]]],
  [20, '（20）', '重大传染病防控（含艾滋病、结核病）', '四、病有所医', '8.公共卫生服务', [178, 183], ['城乡居民。', '开展重大传染病监测、筛查和随访管理。', '按照国家重大传染病防治有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市卫生健康委。'], [[179, 179], [180, 180], [181, 181], [182, 182], [183, 183]]],
  [21, '（21）', '12349养老服务热线', '五、老有所养', '９．养老助老服务', [187, 192], ['辖区老年人。', '提供养老服务咨询和紧急呼叫服务。', '按照市养老服务热线运行规范执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[188, 188], [189, 189], [190, 190], [191, 191], [192, 192]]],
  [22, '（22）', '困难失能老年人基本养老服务补贴', '五、老有所养', '９．养老助老服务', [194, 200], ['经评估的困难失能老年人。', '发放基本养老服务补贴。', '按照市人民政府公布的当年补贴标准执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[196, 196], [197, 197], [198, 198], [199, 199], [200, 200]]],
  [23, '（23）', '高龄津贴／长寿补贴', '五、老有所养', '９．养老助老服务', [202, 207], ['辖区户籍高龄老年人。', '按月发放高龄津贴。', '按照市人民政府公布的当年津贴标准执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[203, 203], [204, 204], [205, 205], [206, 206], [207, 207]]],
  [24, '（24）', '最低生活保障', '六、弱有所扶', '１０．社会救助服务', [211, 220], ['共同生活的家庭成员人均收入低于当地最低生活保障标准且财产状况符合规定的家庭。', '按月发放最低生活保障金。', '按照市人民政府公布的当年最低生活保障标准执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[212, 214], [215, 215], [218, 218], [219, 219], [220, 220]]],
  [25, '（25）', '特困人员救助供养', '六、弱有所扶', '１０．社会救助服务', [222, 227], ['符合条件的特困人员。', '提供基本生活、照料服务和疾病治疗等救助供养。', '按照省特困人员救助供养有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[223, 223], [224, 224], [225, 225], [226, 226], [227, 227]]],
  [26, '（26）', '临时救助', '六、弱有所扶', '１０．社会救助服务', [229, 234], ['遭遇突发性、紧迫性、临时性生活困难的家庭或个人。', '给予临时救助金或实物救助。', '按照市临时救助有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市民政局。'], [[230, 230], [231, 231], [232, 232], [233, 233], [234, 234]]],
  [27, '（27）', '困难残疾人生活补贴和重度残疾人护理补贴', '六、弱有所扶', '11.扶残助残服务', [237, 242], ['符合条件的困难残疾人和重度残疾人。', '按月发放生活补贴和护理补贴。', '按照省残疾人两项补贴有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市残联、市民政局。'], [[238, 238], [239, 239], [240, 240], [241, 241], [242, 242]]],
  [28, '（28）', '残疾儿童康复救助（0-6岁）', '六、弱有所扶', '11.扶残助残服务', [244, 249], ['符合条件的0-6岁残疾儿童。', '提供康复训练和辅助器具适配等救助。', '按照省残疾儿童康复救助有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市残联。'], [[245, 245], [246, 246], [247, 247], [248, 248], [249, 249]]],
  [29, '（29）', '12345政务服务便民热线', '七、事有所便', '12.生活便利服务', [253, 260], ['城乡居民和企业。', '提供政务咨询、投诉举报受理和转办服务。', '全天候受理，按照市热线运行规范办理。', '市、县（市、区）人民政府按规定分担。', '市政务服务办。'], [[254, 254], [255, 255], [256, 258], [259, 259], [260, 260]]],
  [30, '（30）', '2023版“一件事”集成办理', '七、事有所便', '12.生活便利服务', [262, 267], ['城乡居民和企业。', '提供“一件事”一次办理服务。', '按照市“一件事”集成改革有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市政务服务办。'], [[263, 263], [264, 264], [265, 265], [266, 266], [267, 267]]],
  [31, '（31）', '公共法律服务（12348热线）', '七、事有所便', '13.公共法律服务', [270, 275], ['城乡居民。', '提供法律咨询和法律服务指引。', '按照省公共法律服务有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市司法局。'], [[271, 271], [272, 272], [273, 273], [274, 274], [275, 275]]],
  [32, '（32）', '法律援助', '七、事有所便', '13.公共法律服务', [277, 282], ['符合法律援助条件的当事人。', '提供法律咨询、代理和刑事辩护等法律援助服务。', '按照法律援助法和省有关规定执行。', '市、县（市、区）人民政府按规定分担。', '市司法局。'], [[278, 278], [279, 279], [280, 280], [281, 281], [282, 282]]],
];

const parse = (lines: string[]): ParsedDocument => parseStandardsDocument(lines.join('\n'));
const without = (lines: string[], ...lineNos: number[]) => lines.filter((_l, i) => !lineNos.includes(i + 1));
const describeWarnings = (ws: ParseWarning[]) => ws.map((w) => `${w.line}${w.endLine ? `–${w.endLine}` : ''} ${w.code}`).join('; ');
/** A warning whose line (or line range) is within `slack` lines of `line`. */
const warnsNear = (ws: ParseWarning[], line: number, slack = 1) =>
  ws.some((w) => w.line - slack <= line && line <= (w.endLine ?? w.line) + slack);

describe('fifth city: a whole document in the seeds\' family with every heading kind', () => {
  const parsed = parseStandardsDocument(TEXT, { sourceName: 'fifth-city.txt' });

  it('reads the notice: title and version as 2023年版, 文号, issuers from the signature block, dates', () => {
    const d = parsed.document;
    expect(d.layout).toBe('labelled-blocks');
    expect(d.title).toEqual({ value: '示范市基本公共服务标准（2023年版）', inferred: false, line: 27 });
    expect(d.version).toEqual({ value: '2023年版', inferred: false, line: 27 });
    expect(d.noticeTitle?.value).toBe('示范市发展和改革委员会等部门关于印发《示范市基本公共服务标准（2023年版）》的通知');
    expect(d.docNo).toEqual({ value: '示发改社〔2024〕12号', inferred: false, line: 3 });
    expect(d.issuers.map((i) => [i.value, i.line])).toEqual([
      ['示范市发展和改革委员会', 17],
      ['示范市民政局', 19],
      ['示范市财政局', 21],
      ['示范市卫生健康委员会', 23],
      ['示范市医疗保障局', 23],
    ]);
    expect(d.signedDate).toEqual({ value: '2024-03-15', inferred: false, line: 25 });
    expect(d.effectiveDate).toEqual({ value: '2024-04-01', inferred: false, line: 15 });
    expect(d.printedDate?.value).toBe('2024-03-15');
    expect(d.division?.value).toEqual({ name: '示范市', level: 'city' });
    expect(d.status).toMatchObject({ value: 'final', inferred: true });
  });

  it('finds all 32 items with their printed markers, names, places and every field, and warns of nothing', () => {
    expect(parsed.warnings).toEqual([]);
    expect(parsed.items).toHaveLength(ITEMS.length);
    parsed.items.forEach((item, i) => {
      const [n, printed, name, category, subcategory, [start, end], fields, fieldLines] = ITEMS[i];
      expect({ number: item.number, sequence: item.sequence, printedNumber: item.printedNumber, name: item.name, category: item.category, subcategory: item.subcategory, startLine: item.startLine, endLine: item.endLine }).toEqual({
        number: String(n), sequence: n, printedNumber: printed, name, category, subcategory, startLine: start, endLine: end,
      });
      expect(item.fields).toEqual(Object.fromEntries(FIELD_LABELS.map((l, k) => [l, fields[k]])));
      for (const [k, label] of FIELD_LABELS.entries()) {
        expect([item.number, label, item.fieldLines[label].startLine, item.fieldLines[label].endLine]).toEqual([item.number, label, ...fieldLines[k]]);
      }
    });
  });

  it('logs the running headers, footers and page numbers it removed', () => {
    const removed = (kind: string) => parsed.repairs.filter((r) => r.kind === kind).map((r) => r.line);
    expect(removed('page-header')).toEqual([42, 155]);
    expect(removed('page-footer')).toEqual([213, 216]);
    expect(removed('page-number')).toEqual([217, 257]);
  });

  describe('never drops an item silently: without one heading line', () => {
    // Every item heading in turn (the first line, for the wrapped one).
    const cases = ITEMS;
    it.each(cases.map(([n, , name, , , [start]]) => [n, name, start] as const))('item %s 「%s」 (line %s)', (n, _name, start) => {
      const result = parse(without(LINES, start));
      // Its content is still in the catalog, and a warning names the place.
      expect(result.items.length === ITEMS.length || result.items.length === ITEMS.length - 1).toBe(true);
      expect(result.warnings.length).toBeGreaterThan(0);
      expect({ near: warnsNear(result.warnings, start), warnings: describeWarnings(result.warnings) }).toMatchObject({ near: true });
      const allText = result.items.flatMap((it) => [it.name, ...Object.values(it.fields)]).join('\n');
      for (const field of ITEMS[n - 1][6]) expect(allText).toContain(field);
      // Every other item is still found under its own name.
      const names = result.items.map((it) => it.name);
      for (const [m, , other] of ITEMS) if (m !== n) expect(names).toContain(other);
    });

    it('the first line of a wrapped heading: the second line is read as an item named by it, with a warning', () => {
      const result = parse(without(LINES, 194));
      expect(result.items).toHaveLength(32);
      expect(result.warnings.map((w) => [w.line, w.code])).toEqual([[194, 'UNPLACED_HEADING']]);
      expect(result.items[21]).toMatchObject({ name: '补贴', sequence: 22, fields: { 服务对象: '经评估的困难失能老年人。' } });
    });

    it('a category or subcategory heading: a numbering gap names the lines', () => {
      const noCategory = parse(without(LINES, 92));
      expect(noCategory.items).toHaveLength(32);
      expect(noCategory.warnings.map((w) => [w.line, w.endLine, w.code])).toEqual([[30, 122, 'NUMBER_GAP']]);
      expect(noCategory.warnings[0].message).toMatch(/第30行.*第122行/);
      const noSubcategory = parse(without(LINES, 108));
      expect(noSubcategory.items).toHaveLength(32);
      expect(noSubcategory.warnings.map((w) => w.code)).toEqual(['NUMBER_GAP']);
    });
  });

  it('reads a marker alone on its line and a heading sharing its line with the first field', () => {
    const lines = [...LINES];
    lines.splice(101 - 1, 1, '（10）', '学前教育普惠服务');
    // Line 116 (item 12) is now line 117; its 服务对象 line follows.
    lines.splice(117 - 1, 2, `${lines[117 - 1]}　${lines[118 - 1]}`);
    const result = parse(lines);
    expect(result.warnings).toEqual([]);
    expect(result.items.map((i) => [i.number, i.name, i.fields])).toEqual(
      ITEMS.map(([n, , name, , , , fields]) => [String(n), name, Object.fromEntries(FIELD_LABELS.map((l, k) => [l, fields[k]]))]),
    );
  });

  it('an item heading it does not recognise opens an item of its own and the parse goes on', () => {
    const lines = [...LINES];
    lines[109 - 1] = '★义务教育学生免费教科书';
    const result = parse(lines);
    expect(result.items).toHaveLength(32);
    expect(result.warnings.map((w) => [w.line, w.code])).toEqual([[109, 'UNPLACED_HEADING']]);
    expect(result.items[10]).toMatchObject({ name: '★义务教育学生免费教科书', sequence: 11, printedNumber: '' });
    expect(result.items.slice(11).map((i) => i.name)).toEqual(ITEMS.slice(11).map((r) => r[2]));
  });

  it('reports a label it does not know, in the fields and between heading and fields', () => {
    const inField = [...LINES.slice(0, 34), '服务流程：线上申请、线下办理。', ...LINES.slice(34)];
    const a = parse(inField);
    expect(a.items).toHaveLength(32);
    expect(a.warnings.map((w) => [w.line, w.code])).toEqual([[35, 'UNKNOWN_LABEL']]);
    expect(a.items[0].fields['服务内容']).toBe('为计划怀孕夫妇每孩次免费提供孕前优生健康检查。\n服务流程：线上申请、线下办理。');
    const beforeFields = [...LINES.slice(0, 32), '服 务 流 程：线上申请。', ...LINES.slice(32)];
    const b = parse(beforeFields);
    expect(b.items).toHaveLength(32);
    expect(b.items[0].name).toBe('免费孕前优生健康检查');
    expect(b.warnings.map((w) => [w.line, w.code])).toEqual([[33, 'UNKNOWN_LABEL']]);
  });

  it('items after what looks like end matter are still read, with a warning naming the lines', () => {
    const lines = [...LINES.slice(0, 106), '本标准自2024年4月1日起施行。', ...LINES.slice(106)];
    const result = parse(lines);
    expect(result.items).toHaveLength(32);
    expect(result.warnings.map((w) => [w.line, w.code])).toEqual([[107, 'ITEMS_AFTER_END']]);
    expect(result.items[9].fields['牵头负责单位']).toBe('市教育局。本标准自2024年4月1日起施行。');
    expect(result.document.issuers).toHaveLength(5);
  });

  it('reports a field far longer than its peers (it may have swallowed items)', () => {
    const long = '按照有关规定执行，'.repeat(80);
    const lines = [...LINES.slice(0, 35), long, ...LINES.slice(35)];
    const result = parse(lines);
    expect(result.warnings.map((w) => [w.line, w.endLine, w.code])).toEqual([[35, 36, 'FIELD_TOO_LONG']]);
  });

  it('reports a repeated item number and a gap, naming both lines', () => {
    const lines = [...LINES];
    lines[101 - 1] = '（9）学前教育普惠服务';
    // 9 printed twice, then 11: one warning for the run, naming every line.
    const repeated = parse(lines);
    expect(repeated.warnings.map((w) => [w.line, w.endLine, w.code])).toEqual([[101, 109, 'NUMBER_OUT_OF_ORDER']]);
    expect(repeated.warnings[0].message).toMatch(/第94行.*第101行.*第109行/);
    const last = [...LINES];
    last[277 - 1] = '（31）法律援助';
    const twice = parse(last);
    expect(twice.warnings.map((w) => [w.line, w.code])).toEqual([[277, 'NUMBER_REPEATED']]);
    expect(twice.warnings[0].message).toMatch(/第270行.*第277行/);
    last[277 - 1] = '（33）法律援助';
    const skipped = parse(last);
    expect(skipped.warnings.map((w) => [w.line, w.endLine, w.code])).toEqual([[270, 277, 'NUMBER_GAP']]);
    expect(skipped.warnings[0].message).toMatch(/第270行.*第277行.*缺少 32/);
    lines[101 - 1] = '（11）学前教育普惠服务';
    const gap = parse(lines);
    expect(gap.warnings.map((w) => [w.line, w.endLine, w.code])).toEqual([[94, 109, 'NUMBER_OUT_OF_ORDER']]);
  });
});

describe('numbered items whose names start with digits', () => {
  it('reads 「5.12345政务服务便民热线。」 as an item heading where a heading stands, and 1.5万元 as text', () => {
    const text = [
      '（一）生活便利服务',
      '1.法律援助。',
      '服务对象：符合条件的当事人。',
      '服务内容：提供法律援助。',
      '服务标准：补助不低于',
      '1.5万元（示例数据，非官方）。',
      '支出责任：市级财政。',
      '牵头负责单位：市司法局。',
      '2.12345政务服务便民热线。',
      '服务对象：城乡居民。',
      '服务内容：受理咨询。',
      '服务标准：全天候受理。',
      '支出责任：市级财政。',
      '牵头负责单位：市政务服务局。',
    ].join('\n');
    const result = parseStandardsDocument(text);
    expect(result.document.layout).toBe('numbered-items');
    expect(result.items.map((i) => [i.number, i.name])).toEqual([['1', '法律援助'], ['2', '12345政务服务便民热线']]);
    expect(result.items[0].fields['服务标准']).toBe('补助不低于1.5万元（示例数据，非官方）。');
    expect(result.warnings).toEqual([]);
  });
});

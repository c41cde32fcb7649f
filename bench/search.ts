/**
 * Search benchmark (issue 3): 10,000 generated guides in a throw-away schema of the
 * local Postgres, then a few hundred citizen queries through SearchService — the
 * same code path the webhook fallback uses — timed one by one.
 *
 *   npx tsx bench/search.ts            (BENCH_DATABASE_URL overrides the database)
 *
 * or `await runSearchBench()` from another script (returns the figures and the table).
 *
 * Prints a Markdown table and writes it to bench/search-results.md. The schema is
 * dropped at the end, even on failure. Bounded: loading takes seconds, queries less.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { createAccountRepository } from '../src/accounts/accounts.repository.js';
import { ContentService } from '../src/features/content/content.service.js';
import type { GuideInput } from '../src/features/content/content.types.js';
import { createGuideRepository } from '../src/features/content/guides.repository.js';
import { createNewsRepository } from '../src/features/content/news.repository.js';
import { createPlaceRepository } from '../src/features/content/places.repository.js';
import { createSearchRepository } from '../src/features/content/search.repository.js';
import { SearchService } from '../src/features/content/search.service.js';
import { createChangeBus } from '../src/infra/change-bus.js';
import { PiiCipher } from '../src/lib/pii.js';
import { createDb } from '../src/infra/db.js';
import { createMemoryStore } from '../src/infra/kv/memory.js';
import { createLogger } from '../src/infra/logger.js';
import { migrate } from '../src/infra/migrate.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GUIDES = 10_000;
const BATCH = 1_000;
const ROUNDS = 8;
const WARMUP = 30;
const ACCOUNT = 'bench';

// A small deterministic PRNG, so every run searches the same corpus.
let seed = 20250917;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const TOPICS = [
  '社会保障卡', '人事档案', '养老保险', '医疗保险', '住房公积金', '户口迁移', '居民身份证', '不动产', '营业执照', '食品经营许可',
  '建设工程规划', '道路运输', '出入境证件', '残疾人证', '老年人优待证', '婚姻登记', '生育登记', '最低生活保障', '临时救助', '退役军人优待',
  '教师资格', '职业资格', '学籍档案', '档案查询', '税务登记', '个人所得税', '发票领用', '排水许可', '燃气经营', '供电接入',
  '环境影响评价', '林木采伐', '渔业捕捞', '公共场所卫生许可', '药品经营', '医师执业', '护士执业', '消防验收', '特种设备', '户外广告',
  '占道施工', '停车场备案', '机动车登记', '驾驶证', '公证', '法律援助', '劳动仲裁', '就业登记', '失业保险', '工伤认定',
  '人才引进', '留学人员', '社会团体登记', '文物保护', '演出经营', '出版物经营', '体育场馆', '旅行社', '商品房预售', '物业服务',
  '公租房', '殡葬服务', '慈善组织', '疫苗接种', '母婴保健', '农村宅基地', '农业补贴', '水土保持', '城市绿化', '校外培训',
];
const ACTIONS = ['申请', '登记', '变更', '注销', '查询', '补办', '换领', '备案', '审批', '证明开具', '转移', '认定', '核准', '延续'];
const DEPARTMENTS = ['人力资源和社会保障局', '公安分局', '市场监督管理局', '自然资源局', '医疗保障局', '住房和城乡建设局', '民政局', '教育局', '税务局', '卫生健康委员会', '交通运输局', '司法局', '文化广电旅游体育局', '农业农村局', '生态环境局'];
const MATERIALS = ['居民身份证', '户口簿', '申请表', '营业执照副本', '委托书', '结婚证', '不动产权证书', '近期免冠照片', '劳动合同', '单位证明', '档案材料', '缴费凭证'];
const PHRASES = ['材料齐全当场受理', '可通过网上办理', '需本人到场', '符合条件的予以办理', '办理结果可邮寄送达', '涉及档案的须核验原件', '逾期未办理的视为放弃', '社保缴费记录可在线查询'];

function generatedGuide(i: number): GuideInput {
  const topic = pick(TOPICS);
  const action = pick(ACTIONS);
  return {
    code: `BENCH-${String(i).padStart(5, '0')}`,
    name: `${topic}${action}${random() < 0.3 ? `（第${(i % 9) + 1}类）` : ''}`,
    department: `示例区${pick(DEPARTMENTS)}`,
    summary: `${topic}${action}：${pick(PHRASES)}，${pick(PHRASES)}。`,
    conditions: [pick(PHRASES), pick(PHRASES)],
    materials: Array.from({ length: 2 + Math.floor(random() * 4) }, () => ({ name: pick(MATERIALS), required: random() < 0.7 })),
    process: ['提交申请', '受理审核', `${pick(PHRASES)}`, '办结送达'],
    timeLimit: { promised: Math.floor(random() * 10), unit: '工作日' },
    fee: random() < 0.8 ? '不收费' : '按规定收取工本费',
    keywords: [topic, `${topic}${action}`],
    status: 'published',
  };
}

const QUERIES: Record<string, string[]> = {
  'two characters': ['档案', '社保', '户口', '医保', '执照', '发票', '公证', '殡葬', '宅基', '消防'],
  'longer words': ['养老保险', '人事档案', '营业执照', '不动产登记', '居民身份证', '住房公积金提取'],
  'one character': ['税', '房', '车'],
  'Traditional': ['檔案', '戶口', '醫療保險', '營業執照'],
  'synonyms': ['户籍', '社会保险', '医疗险'],
  'sentences (extra words)': ['我想问一下社保卡丢了怎么补办', '请问公积金怎么提取需要什么材料', '营业执照变更需要带什么', '孩子的学籍档案在哪里查询'],
  'typos': ['社会保障咔', '营叶执照', '住房公积今提取'],
  'no result': ['火星移民', '量子计算机', '外星人登记'],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => n.toFixed(1);

/** node-pg-migrate takes one database-wide advisory lock and fails fast when a test run holds it. */
async function migrateWithRetry(log: ReturnType<typeof createLogger>, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(DATABASE_URL, log, schema);
      return;
    } catch (err) {
      if (attempt >= 20 || !/Another migration is already running/.test((err as Error).message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export interface SearchBenchResult {
  guides: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  markdown: string;
}

export async function runSearchBench(): Promise<SearchBenchResult> {
  const started = performance.now();
  const log = createLogger('silent');
  const schema = `bench_search_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const db = createDb({ connectionString: DATABASE_URL, schema, max: 4, statementTimeoutMs: 30_000 });
  const kv = createMemoryStore();
  try {
    await migrateWithRetry(log, schema);
    await createAccountRepository(db, new PiiCipher(randomBytes(32))).upsert({ id: ACCOUNT, name: 'bench', appId: 'wxbench000000', appSecret: 'bench-secret', token: 'benchtoken' });
    const changes = await createChangeBus(kv, 'bench', log);
    const content = new ContentService(createNewsRepository(db), createGuideRepository(db), createPlaceRepository(db), changes);
    // The result cache is off: this measures the database search every query pays once.
    const search = new SearchService(createSearchRepository(db), changes, log, { resultTtlMs: 0, maxEntries: 0 });
    for (const terms of [['户口', '户籍', '落户'], ['社保', '社会保险'], ['医保', '医疗保险', '医疗险']]) await search.createSynonyms(ACCOUNT, terms);

    const loadStart = performance.now();
    for (let from = 0; from < GUIDES; from += BATCH) {
      await content.importGuides(ACCOUNT, Array.from({ length: Math.min(BATCH, GUIDES - from) }, (_, k) => generatedGuide(from + k)));
    }
    // This schema's table only: a bare ANALYZE visits every schema in the shared test database.
    await db.query('ANALYZE service_guides');
    const loadSeconds = (performance.now() - loadStart) / 1000;

    const all = Object.entries(QUERIES).flatMap(([group, qs]) => qs.map((q) => ({ group, q })));
    // Change announcements from the import arrive asynchronously; each one would start a rebuild mid-measurement.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const buildStart = performance.now();
    await search.search(ACCOUNT, all[0]!.q);
    const buildMs = performance.now() - buildStart;
    for (let i = 1; i < WARMUP; i++) await search.search(ACCOUNT, all[i % all.length]!.q);

    const timings = new Map<string, number[]>();
    const hits = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const { group, q } of all) {
        const t0 = performance.now();
        const outcome = await search.search(ACCOUNT, q);
        const elapsed = performance.now() - t0;
        (timings.get(group) ?? timings.set(group, []).get(group)!).push(elapsed);
        (hits.get(group) ?? hits.set(group, []).get(group)!).push(outcome.hits.length);
      }
    }

    const rows: string[] = [];
    const overall: number[] = [];
    for (const [group, list] of timings) {
      overall.push(...list);
      const sorted = [...list].sort((a, b) => a - b);
      const results = hits.get(group)!;
      const meanHits = results.reduce((a, b) => a + b, 0) / results.length;
      rows.push(`| ${group} | ${QUERIES[group]!.length} | ${list.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(sorted[sorted.length - 1]!)} | ${meanHits.toFixed(1)} |`);
    }
    const sortedAll = overall.sort((a, b) => a - b);
    rows.push(`| **all** | ${all.length} | ${overall.length} | **${ms(percentile(sortedAll, 50))}** | **${ms(percentile(sortedAll, 95))}** | ${ms(sortedAll[sortedAll.length - 1]!)} | |`);

    const { rows: version } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const table = [
      '# Search benchmark (service level)',
      '',
      `${GUIDES.toLocaleString('en')} generated guides (loaded in ${loadSeconds.toFixed(1)} s through the import path, one transaction per ${BATCH}), ` +
        `${overall.length} timed queries after ${WARMUP} warm-up queries; each query is SearchService.search with the result cache off (parse and segment, synonyms, BM25F ranking over the account's in-memory index, typo pass when nothing ranks, top 50); the index is built from PostgreSQL during the warm-up (first search after a content change, which builds it: ${buildMs.toFixed(0)} ms).`,
      '',
      '| query kind | distinct queries | runs | p50 ms | p95 ms | max ms | mean results |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Postgres ${version[0]!.v}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}; ${new Date().toISOString()}.`,
      '',
    ].join('\n');
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'search-results.md');
    await writeFile(out, table);
    console.error(`search bench: written to ${path.relative(process.cwd(), out)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { guides: GUIDES, queries: overall.length, p50Ms: percentile(sortedAll, 50), p95Ms: percentile(sortedAll, 95), markdown: table };
  } finally {
    await db.end();
    await kv.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runSearchBench()
    .then((result) => console.log(result.markdown))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

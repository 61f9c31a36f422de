/**
 * Inserting generated cells into notebooks: below the selection of the active notebook editor, as a
 * `NotebookEdit` in a `WorkspaceEdit`, one edit at a time per notebook (quick repeats queue up and each lands
 * below the previous one), or into a new untitled `.ipynb` when no notebook is active.
 *
 * @example
 * ```ts
 * const inserter = new CellInserter();
 * const where = await inserter.insert({ source: 'import zarr', languageId: 'python' });
 * // where: { notebook: NotebookDocument, index: 3 }
 * ```
 */
import * as vscode from 'vscode';

export interface CellToInsert {
  source: string;
  /** VS Code language id of the cell (`python`, `javascript`, `typescript`, `r`, `julia`). */
  languageId: string;
}

export interface InsertedCell {
  notebook: vscode.NotebookDocument;
  index: number;
}

export class CellInserter {
  /** The tail of each notebook's queue of edits, by notebook URI. */
  private readonly queues = new Map<string, Promise<unknown>>();

  /** The notebook a cell would go into now, if any. */
  activeNotebook(): vscode.NotebookEditor | undefined {
    return vscode.window.activeNotebookEditor;
  }

  insert(cell: CellToInsert, editor: vscode.NotebookEditor | undefined = this.activeNotebook()): Promise<InsertedCell> {
    if (!editor) return this.insertIntoNewNotebook(cell);
    const key = editor.notebook.uri.toString();
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.insertBelowSelection(editor, cell));
    this.queues.set(key, run);
    void run.finally(() => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    });
    return run;
  }

  private async insertBelowSelection(editor: vscode.NotebookEditor, cell: CellToInsert): Promise<InsertedCell> {
    const doc = editor.notebook;
    const sel = editor.selections[0];
    const index = Math.min(sel ? (sel.isEmpty ? sel.start : sel.end) : doc.cellCount, doc.cellCount);
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cell.source, cell.languageId)])]);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not insert a cell into ${doc.uri.toString(true)}`);
    const range = new vscode.NotebookRange(index, index + 1);
    editor.selections = [range];
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    return { notebook: doc, index };
  }

  private async insertIntoNewNotebook(cell: CellToInsert): Promise<InsertedCell> {
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cell.source, cell.languageId)]);
    data.metadata = {
      metadata: {
        kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
        language_info: { name: cell.languageId },
      },
    };
    const doc = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    const editor = await vscode.window.showNotebookDocument(doc);
    editor.selections = [new vscode.NotebookRange(0, 1)];
    return { notebook: doc, index: 0 };
  }
}

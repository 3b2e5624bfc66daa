-- Driven by test/integration/lsp-neovim.test.ts: Neovim's built-in LSP client (vim.lsp.start_client, 0.7 API)
-- starts `flyconf lsp --stdio`, opens a fly.toml, waits for diagnostics, applies the preferred code action, waits for
-- the new diagnostics and writes what it saw as JSON to $FLYCONF_OUT. Any Lua error is written there too.
local root = os.getenv("FLYCONF_ROOT")
local file = os.getenv("FLYCONF_FILE")
local out = os.getenv("FLYCONF_OUT")
local report = { steps = {} }

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local published = {}
  local client_id = vim.lsp.start_client({
    name = "flyconf",
    cmd = { "node", root .. "/bin/flyconf.js", "lsp", "--stdio" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
    flags = { debounce_text_changes = 20 },
    handlers = {
      ["textDocument/publishDiagnostics"] = function(e, result, ctx, config)
        table.insert(published, result)
        return vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
      end,
    },
  })
  if not client_id then error("vim.lsp.start_client returned nil") end
  vim.lsp.buf_attach_client(bufnr, client_id)

  if not vim.wait(15000, function() return #published > 0 end, 20) then error("no diagnostics from flyconf lsp") end
  local first = published[#published]
  report.first = first.diagnostics
  report.vim_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.vim_diagnostics, { lnum = d.lnum, col = d.col, message = d.message, source = d.source, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
  end

  -- A .flyconf.json written beside the file, no edit: Neovim 0.7 cannot watch files for the server, so the server
  -- watches the config itself and publishes again (autostart-type now a warning).
  local count0 = #published
  local cfg = io.open(vim.fn.fnamemodify(file, ":p:h") .. "/.flyconf.json", "w")
  cfg:write('{ "rules": { "autostart-type": "warn" } }')
  cfg:close()
  local function reloaded()
    for i = count0 + 1, #published do
      for _, d in ipairs(published[i].diagnostics) do
        if d.code == "autostart-type" and d.severity == 2 then return true end
      end
    end
    return false
  end
  if not vim.wait(15000, reloaded, 20) then error("the .flyconf.json change did not reach the diagnostics") end
  first = published[#published]
  report.reloaded = first.diagnostics

  -- The code action under the first autostart-type finding, as `:lua vim.lsp.buf.code_action()` would request it.
  local target
  for _, d in ipairs(first.diagnostics) do
    if d.code == "autostart-type" then target = d end
  end
  if not target then error("no autostart-type diagnostic") end
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = target.range.start, ["end"] = target.range.start },
    context = { diagnostics = { target } },
  }
  local resp = client.request_sync("textDocument/codeAction", params, 10000, bufnr)
  if not resp or resp.err then error("codeAction failed: " .. vim.inspect(resp)) end
  report.actions = {}
  local preferred
  for _, a in ipairs(resp.result or {}) do
    table.insert(report.actions, { title = a.title, kind = a.kind, isPreferred = a.isPreferred or false })
    if a.isPreferred then preferred = a end
  end
  if not preferred then error("no preferred code action") end
  local count = #published
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or "utf-16")
  report.fixed_line = vim.api.nvim_buf_get_lines(bufnr, target.range.start.line, target.range.start.line + 1, false)[1]

  -- The edit goes to the server as didChange; the next diagnostics must not have the finding any more.
  if not vim.wait(15000, function() return #published > count end, 20) then error("no diagnostics after the fix") end
  report.after = published[#published].diagnostics
  vim.cmd("write")
  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
  report.stopped = client.is_stopped()
end)
if not ok then report.error = tostring(err) end
finish()

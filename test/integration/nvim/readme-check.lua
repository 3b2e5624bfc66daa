-- After the README's init.lua snippet has attached flyconf to the opened fly.toml: wait for diagnostics in Neovim's
-- diagnostic framework and write them as JSON to $FLYCONF_OUT.
local out = os.getenv("FLYCONF_OUT")
local report = {}
local ok, err = pcall(function()
  if not vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 20) then error("no diagnostics") end
  report.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(report.diagnostics, { lnum = d.lnum, source = d.source, message = d.message })
  end
  report.clients = {}
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do table.insert(report.clients, c.name) end
end)
if not ok then report.error = tostring(err) end
local f = io.open(out, "w")
f:write(vim.fn.json_encode(report))
f:close()
vim.cmd("qa!")

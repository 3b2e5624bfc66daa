;;; lsp-e2e.el --- flyconf lsp in Emacs (eglot), driven by test/integration/lsp-emacs.test.ts  -*- lexical-binding: t -*-
;; Runs in `emacs --batch -Q': loads the README's eglot set-up from $FLYCONF_SNIPPET (verbatim), opens $FLYCONF_FILE,
;; lets the set-up start `flyconf lsp --stdio', waits for flymake's diagnostics, applies the preferred code action,
;; saves, waits for the finding to go, shuts the server down and writes what it saw as JSON to $FLYCONF_OUT.
;; Batch Emacs shows no window and runs no commands, so what an interactive Emacs does on its own is done here by
;; hand: the post-command hook eglot-ensure waits for, and flymake-start (deferred until the buffer is displayed).
(require 'package)
;; Debian's elpa-eglot (Emacs 28; Emacs 29 has eglot built in) lives in site-lisp/elpa, which -Q leaves out.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'json)
(require 'cl-lib)

(defvar flyconf-report nil)
(defun flyconf-put (key value) (push (cons key value) flyconf-report))

(defun flyconf-wait (pred seconds what)
  "Process events until PRED holds, at most SECONDS; else signal WHAT."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall pred) (error "timed out waiting for %s" what))))

(defun flyconf-diags ()
  "Flymake's diagnostics in the buffer, as (LINE . TEXT), LINE 1-based."
  (mapcar (lambda (d) (cons (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-text d)))
          (flymake-diagnostics)))

(defun flyconf-has (code)
  (cl-some (lambda (d) (string-match-p (regexp-quote (format "[%s]" code)) (cdr d))) (flyconf-diags)))

(condition-case err
    (progn
      (load (getenv "FLYCONF_SNIPPET") nil t)
      (find-file (getenv "FLYCONF_FILE"))
      (flyconf-put 'mode (symbol-name major-mode))
      (run-hooks 'post-command-hook) ; eglot-ensure connects on the next command
      (flyconf-wait (lambda () (bound-and-true-p eglot--managed-mode)) 30 "eglot to manage the buffer")
      (let ((server (eglot-current-server)))
        (flyconf-put 'server (plist-get (eglot--server-info server) :name))
        (flyconf-wait (lambda () (flymake-start) (accept-process-output nil 0.1) (flyconf-has "autostart-type")) 30
                      "flymake diagnostics with autostart-type")
        (flyconf-put 'diagnostics (vconcat (mapcar (lambda (d) `((line . ,(car d)) (text . ,(cdr d)))) (flyconf-diags))))
        (when (equal (getenv "FLYCONF_FIX") "1")
          ;; The code actions on the finding, as M-x eglot-code-actions asks for them; the preferred one applied.
          (let* ((diag (cl-find-if (lambda (d) (string-match-p "\\[autostart-type\\]" (flymake-diagnostic-text d)))
                                   (flymake-diagnostics)))
                 (actions (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)))
                 (preferred (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
            (flyconf-put 'actions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions)))
            (unless preferred (error "no preferred code action"))
            (eglot--apply-workspace-edit (plist-get preferred :edit))
            (goto-char (flymake-diagnostic-beg diag))
            (flyconf-put 'fixed-line (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
          (save-buffer)
          (eglot--signal-textDocument/didChange)
          (flyconf-wait (lambda () (flymake-start) (accept-process-output nil 0.1) (not (flyconf-has "autostart-type"))) 30
                        "the finding to go after the fix")
          (flyconf-put 'after (vconcat (mapcar #'cdr (flyconf-diags)))))
        ;; shutdown, exit: the server ends by itself (eglot-shutdown would delete the process right after).
        (let ((process (jsonrpc--process server)))
          (setf (eglot--shutdown-requested server) t)
          (jsonrpc-request server :shutdown nil)
          (jsonrpc-notify server :exit nil)
          (flyconf-wait (lambda () (not (process-live-p process))) 10 "the server to exit")
          (flyconf-put 'exit-status (process-exit-status process)))))
  (error (flyconf-put 'error (error-message-string err))))

(with-temp-file (getenv "FLYCONF_OUT")
  (insert (json-encode flyconf-report)))
(kill-emacs 0)

"""The official Jupyter kernel conformance suite (jupyter_kernel_test) run against the tsdl kernel.

Not applicable, and so left unset:

- supported_history_operations "range" with sessions other than the current one: history is per kernel session.
"""
import unittest

import jupyter_kernel_test as jkt


class TsdlKernelTests(jkt.KernelTests):
    kernel_name = "tsdl"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("some error")'
    code_generate_error = 'throw new Error("an error")'
    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": "[1, 2].map(x => x * 2)", "result": "[ 2, 4 ]"},
        {"code": '"ab" + "c"', "result": "'abc'"},
    ]
    code_display_data = [
        {"code": 'display({ "text/html": "<b>hi</b>", "text/plain": "hi" }, { raw: true })', "mime": "text/html"},
        {"code": 'display(tf.tensor([1, 2, 3]))', "mime": "text/html"},
    ]
    code_clear_output = "clearOutput()"
    code_page_something = "tf.tensor?"
    code_inspect_sample = "tf.tensor"
    completion_samples = [{"text": "Math.PI", "matches": ["PI"]}]
    complete_code_samples = ["const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const x = ["]
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1 + 2*"


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""A Jupyter kernel in a language zld has no code generator for ("fakelang"), for the unsupported-kernel test.

It answers kernel_info with a fakelang language_info and accepts any code without running it.

Example (kernelspec argv)::

    /usr/bin/python3 -m fakelang_kernel -f {connection_file}
"""
from ipykernel.kernelapp import IPKernelApp
from ipykernel.kernelbase import Kernel


class FakeLangKernel(Kernel):
    implementation = 'zld-fakelang'
    implementation_version = '0.1'
    language = 'fakelang'
    language_version = '0.1'
    language_info = {'name': 'fakelang', 'mimetype': 'text/x-fakelang', 'file_extension': '.fake'}
    banner = 'fakelang: a test kernel zld has no code generator for'

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        return {'status': 'ok', 'execution_count': self.execution_count, 'payload': [], 'user_expressions': {}}


if __name__ == '__main__':
    IPKernelApp.launch_instance(kernel_class=FakeLangKernel)

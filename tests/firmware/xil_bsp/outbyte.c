/* The BSP's console output for the link test: a UART transmit register. */
void outbyte(char c);
void outbyte(char c) { *(volatile unsigned char *)0x10000000u = (unsigned char)c; }

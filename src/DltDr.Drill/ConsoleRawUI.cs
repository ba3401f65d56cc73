using System;
using System.Management.Automation.Host;

namespace DltDr.Drill
{
    /// <summary>Just enough of the raw console for the formatter: the width tables are laid out in.</summary>
    internal sealed class ConsoleRawUI : PSHostRawUserInterface
    {
        private static int Width()
        {
            try
            {
                return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 120 : Console.WindowWidth;
            }
            catch (System.IO.IOException)
            {
                return 120;
            }
        }

        public override ConsoleColor BackgroundColor { get => Console.BackgroundColor; set { } }
        public override ConsoleColor ForegroundColor { get => Console.ForegroundColor; set { } }
        public override Size BufferSize { get => new Size(Width(), 9999); set { } }
        public override Coordinates CursorPosition { get => new Coordinates(0, 0); set { } }
        public override int CursorSize { get => 1; set { } }
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new Size(Width(), 50);
        public override Size MaxWindowSize => new Size(Width(), 50);
        public override Coordinates WindowPosition { get => new Coordinates(0, 0); set { } }
        public override Size WindowSize { get => new Size(Width(), 50); set { } }
        public override string WindowTitle { get => "DltDr drill"; set { } }

        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The drill reads no input.");
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
